namespace PushGateway.Query.Mql;

/// <summary>
/// What <see cref="RegexShapeReader"/> found in a pattern: the first construct the linear-time engine cannot run
/// (with its 1-based character position), and the pattern's size with counted repetitions expanded — an upper
/// bound on the work per input character of the non-backtracking engine — and the first repeated group that holds
/// both an unbounded and a counted repetition (<see cref="NestedCountingPosition"/>, 1-based, 0 when none): the shape
/// whose automaton grows without bound on varied input (<c>(.*a.{10}){3}</c>).
/// </summary>
internal readonly record struct RegexShape(string? Unsupported, int Position, long ExpandedSize, int NestedCountingPosition = 0);
