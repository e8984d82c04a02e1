namespace PushGateway.Query;

/// <summary>Line/column arithmetic and caret excerpts for syntax errors.</summary>
internal static class TextPosition
{
    /// <summary>1-based line and column of <paramref name="offset"/>, and the caret excerpt of that line.</summary>
    public static (int Line, int Column, string Excerpt) Locate(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var lineEnd = text.IndexOf('\n', lineStart);
        var lineText = (lineEnd < 0 ? text[lineStart..] : text[lineStart..lineEnd]).TrimEnd('\r');
        var column = offset - lineStart;
        return (line, column + 1, Caret(lineText, column));
    }

    /// <summary>The line, a newline, and a caret under the 0-based <paramref name="column"/>.</summary>
    public static string Caret(string lineText, int column)
    {
        // Tabs keep their width so the caret lines up in a terminal.
        var pad = new char[Math.Min(column, lineText.Length)];
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = lineText[i] == '\t' ? '\t' : ' ';
        }

        return lineText + "\n" + new string(pad) + new string(' ', Math.Max(0, column - pad.Length)) + "^";
    }
}
