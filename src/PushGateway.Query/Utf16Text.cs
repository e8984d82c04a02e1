namespace PushGateway.Query;

/// <summary>
/// Lone UTF-16 surrogates: a .NET string can hold one, but neither BSON (UTF-8) nor a JSON response can carry it, so
/// filters holding one are refused up front and error texts never echo one.
/// </summary>
internal static class Utf16Text
{
    /// <summary>The index of the first lone surrogate in <paramref name="text"/>, or -1.</summary>
    public static int FindLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><paramref name="text"/> with each lone surrogate replaced by U+FFFD.</summary>
    public static string Sanitize(string text)
    {
        if (FindLoneSurrogate(text) < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>"\ud800" as written in JSON, for messages.</summary>
    public static string Escape(char c) => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
}
