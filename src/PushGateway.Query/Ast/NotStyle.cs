namespace PushGateway.Query.Ast;

/// <summary>How a negation was written, so it renders back the same way.</summary>
internal enum NotStyle
{
    Not,
    Ne,
    Nin,
    ExistsFalse,
}
