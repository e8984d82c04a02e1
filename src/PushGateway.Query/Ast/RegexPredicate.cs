using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$regex</c> / a regex literal; <see cref="Regex"/> is compiled once at parse time.</summary>
internal sealed class RegexPredicate(string pattern, string options, Regex regex) : PredicateNode
{
    public string Pattern { get; } = pattern;

    public string Options { get; } = options;

    public Regex Regex { get; } = regex;

    public override void WriteTo(BsonDocument operators)
    {
        operators.Add("$regex", Pattern);
        if (Options.Length > 0)
        {
            operators.Add("$options", Options);
        }
    }
}
