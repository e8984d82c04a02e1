using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The entities of one test (clients, databases, collections, change streams, saved results).</summary>
internal sealed class EntityMap(string connectionString) : IDisposable
{
    private readonly Dictionary<string, object> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BsonDocument> _sessionLsids = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, ClientEntity>> Clients =>
        _entities.Where(e => e.Value is ClientEntity).Select(e => KeyValuePair.Create(e.Key, (ClientEntity)e.Value));

    public void CreateAll(BsonArray specs)
    {
        foreach (var spec in specs.Select(s => s.AsBsonDocument))
        {
            var kind = spec.GetElement(0).Name;
            var body = spec[0].AsBsonDocument;
            var id = body["id"].AsString;
            Add(id, kind switch
            {
                "client" => ClientEntity.Create(connectionString, body),
                "database" => CreateDatabase(body),
                "collection" => CreateCollection(body),
                "session" => CreateSession(id, body),
                _ => throw new UnifiedRunnerException($"entity type '{kind}' is not supported by this runner"),
            });
        }
    }

    public void Add(string id, object entity)
    {
        if (!_entities.TryAdd(id, entity))
        {
            throw new InvalidOperationException($"Entity '{id}' already exists");
        }
    }

    public object Get(string id) =>
        _entities.TryGetValue(id, out var entity) ? entity : throw new InvalidOperationException($"No entity named '{id}'");

    public T Get<T>(string id) =>
        Get(id) is T typed ? typed : throw new InvalidOperationException($"Entity '{id}' is not a {typeof(T).Name}");

    public BsonValue GetBson(string id) => Get<BsonValue>(id);

    /// <summary>The lsid a session sent, kept at creation so it stays known after <c>endSession</c>.</summary>
    public BsonValue GetSessionLsid(string id) =>
        _sessionLsids.TryGetValue(id, out var lsid) ? lsid : throw new InvalidOperationException($"No session named '{id}'");

    public void Dispose()
    {
        // Sessions first: ending one talks to its client, which must still be open.
        foreach (var entity in _entities.Values.OfType<IDisposable>().OrderBy(e => e is IClientSessionHandle ? 0 : 1))
        {
            try
            {
                entity.Dispose();
            }
            catch (Exception ex) when (ex is MongoException or ObjectDisposedException or OperationCanceledException)
            {
                // Closing a change stream whose connection a fail point dropped may fail; the test's outcome stands.
            }
        }

        _entities.Clear();
    }

    private IClientSessionHandle CreateSession(string id, BsonDocument body)
    {
        var options = new ClientSessionOptions();
        if (body.TryGetValue("sessionOptions", out var sessionOptions))
        {
            foreach (var option in sessionOptions.AsBsonDocument)
            {
                switch (option.Name)
                {
                    case "causalConsistency":
                        options.CausalConsistency = option.Value.ToBoolean();
                        break;
                    case "defaultTransactionOptions":
                        var arguments = new OperationArguments("defaultTransactionOptions", option.Value.AsBsonDocument);
                        options.DefaultTransactionOptions = SessionOperations.TransactionOptions(arguments);
                        arguments.EnsureAllUsed();
                        break;
                    default:
                        throw new UnifiedRunnerException($"session option '{option.Name}' is not supported by this runner");
                }
            }
        }

        var session = Get<ClientEntity>(body["client"].AsString).Client.StartSession(options);
        _sessionLsids[id] = session.ServerSession.Id;
        return session;
    }

    private IMongoDatabase CreateDatabase(BsonDocument body)
    {
        var settings = new MongoDatabaseSettings();
        if (body.TryGetValue("databaseOptions", out var options))
        {
            ApplyOptions(options.AsBsonDocument, settings);
        }

        return Get<ClientEntity>(body["client"].AsString).Client.GetDatabase(body["databaseName"].AsString, settings);
    }

    private IMongoCollection<BsonDocument> CreateCollection(BsonDocument body)
    {
        var settings = new MongoCollectionSettings();
        if (body.TryGetValue("collectionOptions", out var options))
        {
            ApplyOptions(options.AsBsonDocument, settings);
        }

        return Get<IMongoDatabase>(body["database"].AsString).GetCollection<BsonDocument>(body["collectionName"].AsString, settings);
    }

    private static void ApplyOptions(BsonDocument options, object settings)
    {
        foreach (var option in options)
        {
            switch (option.Name, settings)
            {
                case ("readConcern", MongoDatabaseSettings d):
                    d.ReadConcern = OptionParsing.ReadConcern(option.Value.AsBsonDocument);
                    break;
                case ("readConcern", MongoCollectionSettings c):
                    c.ReadConcern = OptionParsing.ReadConcern(option.Value.AsBsonDocument);
                    break;
                case ("writeConcern", MongoDatabaseSettings d):
                    d.WriteConcern = OptionParsing.WriteConcern(option.Value.AsBsonDocument);
                    break;
                case ("writeConcern", MongoCollectionSettings c):
                    c.WriteConcern = OptionParsing.WriteConcern(option.Value.AsBsonDocument);
                    break;
                case ("readPreference", MongoDatabaseSettings d):
                    d.ReadPreference = OptionParsing.ReadPreference(option.Value.AsBsonDocument);
                    break;
                case ("readPreference", MongoCollectionSettings c):
                    c.ReadPreference = OptionParsing.ReadPreference(option.Value.AsBsonDocument);
                    break;
                default:
                    throw new UnifiedRunnerException($"entity option '{option.Name}' is not supported by this runner");
            }
        }
    }
}
