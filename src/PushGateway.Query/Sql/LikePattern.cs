using System.Text;
using System.Text.RegularExpressions;

namespace PushGateway.Query.Sql;

/// <summary>
/// LIKE to regex: <c>%</c> is any run of characters, <c>_</c> exactly one, the escape character
/// (backslash unless an ESCAPE clause names another) makes the next character literal; everything
/// else is escaped, and the result is anchored at both ends.
/// </summary>
internal static class LikePattern
{
    public static string ToRegex(string like, char escape = '\\')
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < like.Length; i++)
        {
            var c = like[i];
            if (c == escape && i + 1 < like.Length)
            {
                builder.Append(Regex.Escape(like[++i].ToString()));
            }
            else if (c == '%')
            {
                builder.Append(".*");
            }
            else if (c == '_')
            {
                builder.Append('.');
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.Append("\\z").ToString();
    }
}
