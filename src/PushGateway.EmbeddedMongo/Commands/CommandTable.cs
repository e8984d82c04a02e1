namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>The one place every command name is mapped to its handler.</summary>
internal static class CommandTable
{
    public static Dictionary<string, CommandHandler> Create()
    {
        var handlers = new Dictionary<string, CommandHandler>(StringComparer.Ordinal);
        HandshakeCommands.Register(handlers);
        CatalogCommands.Register(handlers);
        IndexCommands.Register(handlers);
        ChangeStreams.ClusterParameterCommands.Register(handlers);
        TransactionCommands.Register(handlers);
        ExplainCommand.Register(handlers);
        DiagnosticCommands.Register(handlers);
        handlers["insert"] = InsertCommand.ExecuteAsync;
        handlers["update"] = UpdateCommand.ExecuteAsync;
        handlers["delete"] = DeleteCommand.ExecuteAsync;
        handlers["findAndModify"] = FindAndModifyCommand.ExecuteAsync;
        handlers["findandmodify"] = FindAndModifyCommand.ExecuteAsync;
        handlers["find"] = FindCommand.ExecuteAsync;
        handlers["aggregate"] = AggregateCommand.ExecuteAsync;
        handlers["count"] = CountDistinctCommands.Count;
        handlers["distinct"] = CountDistinctCommands.Distinct;
        handlers["getMore"] = CursorCommands.GetMoreAsync;
        handlers["killCursors"] = CursorCommands.KillCursors;
        return handlers;
    }
}
