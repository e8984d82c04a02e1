using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>
/// <c>$regex</c> / a regex literal; <see cref="Regex"/> is compiled once at parse time (non-backtracking), and
/// <see cref="WorkPerCharacter"/> is the evaluation work charged per character it examines.
/// </summary>
internal sealed class RegexPredicate(string pattern, string options, Regex regex, int workPerCharacter) : PredicateNode
{
    public string Pattern { get; } = pattern;

    public string Options { get; } = options;

    public Regex Regex { get; } = regex;

    public int WorkPerCharacter { get; } = workPerCharacter;

    public override void WriteTo(BsonDocument operators)
    {
        operators.Add("$regex", Pattern);
        if (Options.Length > 0)
        {
            operators.Add("$options", Options);
        }
    }
}
