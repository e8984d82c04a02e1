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

    private Regex _regex = regex;

    /// <summary>The compiled pattern. Replaced by a fresh copy by <see cref="DropAutomaton"/>.</summary>
    public Regex Regex => Volatile.Read(ref _regex);

    /// <summary>
    /// Starts over with an empty automaton: the linear-time engine caches the states it builds for the life of the
    /// <see cref="System.Text.RegularExpressions.Regex"/>, so a pattern that ran out of time on hostile input would
    /// otherwise keep what it built (memory shared by every tenant). Called when a match overran its time.
    /// </summary>
    public void DropAutomaton()
    {
        var current = Regex;
        Volatile.Write(ref _regex, new Regex(current.ToString(), current.Options, current.MatchTimeout));
    }

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
