using System.Text.RegularExpressions;
using MongoDB.Bson;
using PushGateway.Query.Ast;

namespace PushGateway.Query.Evaluation;

/// <summary>
/// Matches strings and symbols by pattern, and regex values by equal pattern and options (mongo's
/// <c>RegexMatchExpression</c>). Each string examined is charged to the <see cref="WorkMeter"/> by its length; a
/// match that times out (untrusted limits only) ends the evaluation as over budget, and so does one that overruns
/// the shared time limit; either way the pattern's automaton is dropped, so hostile input cannot make it grow.
/// </summary>
internal sealed class RegexValuePredicate(RegexPredicate node) : ValuePredicate
{
    public override bool Matches(BsonValue value) => value.BsonType switch
    {
        BsonType.String => IsMatch(value.AsString),
        BsonType.Symbol => IsMatch(value.AsBsonSymbol.Name),
        BsonType.RegularExpression => string.Equals(value.AsBsonRegularExpression.Pattern, node.Pattern, StringComparison.Ordinal)
            && string.Equals(value.AsBsonRegularExpression.Options, node.Options, StringComparison.Ordinal),
        _ => false,
    };

    private bool IsMatch(string input)
    {
        WorkMeter.Charge(1 + ((long)input.Length * node.WorkPerCharacter));
        bool matched;
        try
        {
            matched = node.Regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            node.DropAutomaton();
            WorkMeter.Exhaust();
            return false;
        }

        if (WorkMeter.DeadlinePassed())
        {
            // This match used up the time left: forget the states it built, then stop the evaluation.
            node.DropAutomaton();
            throw new WorkBudgetExceededException();
        }

        return matched;
    }
}
