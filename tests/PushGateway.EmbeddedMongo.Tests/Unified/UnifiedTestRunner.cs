using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// Runs one unified-format test against a target: requirements, initial data, entities, operations with their
/// expected results and errors, then the observed events and the final collection contents.
/// </summary>
internal sealed class UnifiedTestRunner
{
    /// <summary>Newest unified-format schema (major 1) this runner reads.</summary>
    private const int SupportedMinorVersion = 21;

    /// <summary>Set to 1 to run skip-listed tests too, e.g. to see which server gaps have been closed.</summary>
    public const string IgnoreSkipListVariable = "PUSHGATEWAY_UNIFIED_IGNORE_SKIPLIST";

    /// <summary>Longest a single spec test may take; the slowest take about 5 s on a busy machine.</summary>
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    private static readonly ConcurrentDictionary<IMongoTestTarget, IMongoClient> InternalClients = new();

    private static bool IgnoreSkipList => Environment.GetEnvironmentVariable(IgnoreSkipListVariable) == "1";

    private readonly UnifiedTestCase _test;
    private readonly IMongoClient _internalClient;
    private readonly EntityMap _entities;
    private readonly UnifiedMatcher _matcher;
    private readonly TestRunnerOperations _testRunner;

    private UnifiedTestRunner(IMongoTestTarget target, UnifiedTestCase test)
    {
        _test = test;
        _internalClient = InternalClients.GetOrAdd(target, t => t.CreateClient());
        _entities = new EntityMap(target.ConnectionString);
        _matcher = new UnifiedMatcher(_entities);
        _testRunner = new TestRunnerOperations(_entities, _internalClient);
    }

    public static async Task RunAsync(IMongoTestTarget target, UnifiedTestCase test)
    {
        Skip.If(target.UnavailableReason is not null, target.UnavailableReason);
        Skip.If(test.IsPlaceholder, SpecTestLocator.MissingMessage);
        var file = (BsonDocument)UnifiedTestCatalog.Load(test.Folder, test.File).DeepClone();
        CheckSchemaVersion(file["schemaVersion"].AsString);
        var spec = file["tests"].AsBsonArray.Select(t => t.AsBsonDocument).Single(t => t["description"].AsString == test.Description);
        Skip.If(spec.Contains("skipReason"), $"skipReason: {spec.GetValue("skipReason", "")}");

        var runner = new UnifiedTestRunner(target, test);
        var server = await ServerProfile.GetAsync(target, runner._internalClient);
        var excluded = RunOnRequirements.Check(file.GetValue("runOnRequirements", null), server)
            ?? RunOnRequirements.Check(spec.GetValue("runOnRequirements", null), server);
        Skip.If(excluded is not null, excluded);
        if (!IgnoreSkipList)
        {
            var listed = SkipList.Reason(test, spec);
            Skip.If(listed is not null, $"skip list: {listed}");
        }

        using (runner._entities)
        {
            var run = runner.RunAsync(file, spec);
            try
            {
                await run.WaitAsync(TestTimeout);
            }
            catch (TimeoutException) when (!run.IsCompleted)
            {
                // A server that never answers must fail this test, not hang the CI run.
                Assert.Fail($"{test}{Environment.NewLine}did not finish within {TestTimeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task RunAsync(BsonDocument file, BsonDocument spec)
    {
        if (file.TryGetValue("initialData", out var initialData))
        {
            await InitialData.LoadAsync(_internalClient, initialData.AsBsonArray);
        }

        IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>> events;
        try
        {
            if (file.TryGetValue("createEntities", out var createEntities))
            {
                _entities.CreateAll(createEntities.AsBsonArray);
            }

            var operations = spec["operations"].AsBsonArray;
            for (var i = 0; i < operations.Count; i++)
            {
                await ExecuteAsync(operations[i].AsBsonDocument, $"operations[{i}]");
            }
        }
        finally
        {
            foreach (var (_, client) in _entities.Clients)
            {
                client.Recorder.Stop();
            }

            events = _entities.Clients.ToDictionary(c => c.Key, c => c.Value.Recorder.Snapshot());
            await _testRunner.DisableFailPointsAsync();
        }

        foreach (var expectation in spec.GetValue("expectEvents", new BsonArray()).AsBsonArray.Select(e => e.AsBsonDocument))
        {
            var client = expectation["client"].AsString;
            var problem = EventAssertions.Check(expectation, events[client], _matcher);
            Fail(problem, $"expectEvents for {client}");
        }

        if (spec.TryGetValue("outcome", out var outcome))
        {
            Fail(await InitialData.CompareAsync(_internalClient, outcome.AsBsonArray), "outcome");
        }
    }

    private Task ExecuteAsync(BsonDocument operation, string where) => ExecuteAsync(operation, where, nested: false);

    /// <summary>
    /// A <c>withTransaction</c> callback step: checked like any operation, then its error (expected or ignored) is
    /// rethrown, so that withTransaction sees it and retries or aborts as the convenient API prescribes.
    /// </summary>
    private Task ExecuteInCallbackAsync(BsonDocument operation, string where) => ExecuteAsync(operation, where, nested: true);

    private async Task ExecuteAsync(BsonDocument operation, string where, bool nested)
    {
        var name = operation["name"].AsString;
        var objectName = operation["object"].AsString;
        where = $"{where} {objectName}.{name}";
        var argumentDocument = operation.GetValue("arguments", new BsonDocument()).AsBsonDocument;
        var arguments = new OperationArguments(name, argumentDocument)
        {
            Session = argumentDocument.TryGetValue("session", out var sessionId) && objectName != "testRunner"
                ? _entities.Get<IClientSessionHandle>(sessionId.AsString)
                : null,
        };

        object? result = null;
        Exception? error = null;
        try
        {
            result = objectName == "testRunner"
                ? await RunTestRunnerOperationAsync(name, arguments)
                : _entities.Get(objectName) switch
                {
                    IMongoCollection<BsonDocument> collection => await CollectionOperations.ExecuteAsync(name, collection, arguments),
                    IMongoDatabase database => await DatabaseOperations.ExecuteAsync(name, database, arguments),
                    ClientEntity client => await DatabaseOperations.ExecuteAsync(name, client.Client, arguments),
                    ChangeStreamEntity stream => await ChangeStreamOperations.ExecuteAsync(name, stream, arguments),
                    IClientSessionHandle session => await SessionOperations.ExecuteAsync(name, session, arguments, ExecuteInCallbackAsync, where),
                    var other => throw new UnifiedRunnerException($"entity '{objectName}' ({other.GetType().Name}) has no operations"),
                };
        }
        catch (Exception ex) when (ex is not UnifiedRunnerException)
        {
            error = ex;
        }

        if (operation.GetValue("ignoreResultAndError", false).ToBoolean())
        {
            RethrowInCallback(error, nested);
            return;
        }

        if (operation.TryGetValue("expectError", out var expectError))
        {
            Fail(error is null ? $"expected an error but the operation returned {(result as BsonValue)?.ToJson() ?? "nothing"}" : null, where);
            Fail(ErrorAssertions.Check(expectError.AsBsonDocument, error!, _matcher), where);
            RethrowInCallback(error, nested);
            return;
        }

        Fail(error is null ? null : $"unexpected error {error}", where);
        if (operation.TryGetValue("expectResult", out var expectResult))
        {
            Fail(MatchResult(name, expectResult, result as BsonValue), $"{where} expectResult");
        }

        if (operation.TryGetValue("saveResultAsEntity", out var saveAs))
        {
            _entities.Add(saveAs.AsString, result ?? throw new UnifiedRunnerException($"{where}: no result to save"));
        }
    }

    private static void RethrowInCallback(Exception? error, bool nested)
    {
        if (nested && error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    private async Task<object?> RunTestRunnerOperationAsync(string name, OperationArguments arguments)
    {
        await _testRunner.ExecuteAsync(name, arguments);
        return null;
    }

    /// <summary>Documents from cursors (find, aggregate) are each root-level; a distinct result's values are not.</summary>
    private string? MatchResult(string operation, BsonValue expected, BsonValue? actual)
    {
        if (operation is "find" or "aggregate" && expected is BsonArray expectedDocuments && actual is BsonArray actualDocuments)
        {
            if (expectedDocuments.Count != actualDocuments.Count)
            {
                return $"expected {expectedDocuments.Count} documents {expected.ToJson()} but got {actualDocuments.Count}: {actual.ToJson()}";
            }

            return expectedDocuments.Zip(actualDocuments)
                .Select((pair, i) => _matcher.Match(pair.First, pair.Second, isRoot: true, $"$[{i}]"))
                .FirstOrDefault(problem => problem is not null);
        }

        return _matcher.Match(expected, actual, isRoot: operation != "distinct");
    }

    private void Fail(string? problem, string where)
    {
        if (problem is not null)
        {
            Assert.Fail($"{_test}{Environment.NewLine}{where}: {problem}");
        }
    }

    private static void CheckSchemaVersion(string version)
    {
        var parts = version.Split('.').Select(int.Parse).ToArray();
        if (parts[0] != 1 || (parts.Length > 1 && parts[1] > SupportedMinorVersion))
        {
            throw new UnifiedRunnerException($"schemaVersion {version} is newer than this runner supports (1.{SupportedMinorVersion})");
        }
    }
}
