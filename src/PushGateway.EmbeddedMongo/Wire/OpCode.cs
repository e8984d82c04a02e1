namespace PushGateway.EmbeddedMongo.Wire;

/// <summary>Wire protocol operation codes the server recognises.</summary>
internal enum OpCode
{
    Reply = 1,
    Query = 2004,
    Compressed = 2012,
    Msg = 2013,
}
