using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.Demo;

/// <summary>
/// Writes a steady trickle of realistic shop changes (customers sign up, products change price and stock, orders are
/// placed, paid, shipped, delivered and sometimes deleted) for a few tenants. Best effort: errors are logged and the
/// loop goes on after a pause.
/// </summary>
internal sealed class DemoWriter(IServiceProvider services, IOptions<DemoOptions> options, TimeProvider timeProvider, ILogger<DemoWriter> logger) : BackgroundService
{
    private static readonly string[] Statuses = ["new", "paid", "shipped", "delivered"];
    private static readonly string[] Products = ["Espresso beans", "Pour-over kettle", "Ceramic mug", "Grinder", "Milk frother", "Filter papers", "Cold brew jar", "Tamper"];
    private static readonly string[] Names = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Alan", "Radia"];
    private static readonly string[] Cities = ["Lisbon", "Oslo", "Lyon", "Austin", "Osaka", "Quito", "Perth"];

    private readonly Random _random = new(7);
    private readonly Dictionary<string, List<ObjectId>> _orders = [];
    private readonly Dictionary<string, List<ObjectId>> _products = [];
    private readonly Dictionary<string, List<ObjectId>> _customers = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var demo = options.Value;
        // Resolved here, not in the constructor: the embedded server (and so the client) exists only once hosting started.
        var database = services.GetRequiredService<IMongoClient>().GetDatabase(demo.Database);
        var products = database.GetCollection<BsonDocument>("products");
        var orders = database.GetCollection<BsonDocument>("orders");
        var customers = database.GetCollection<BsonDocument>("customers");
        DemoLog.Started(logger, string.Join(", ", demo.EffectiveTenants), demo.IntervalMilliseconds);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(demo.IntervalMilliseconds), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var tenant = demo.EffectiveTenants[_random.Next(demo.EffectiveTenants.Count)];
                await WriteOneAsync(tenant, products, orders, customers, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                DemoLog.WriteFailed(logger, ex);
            }
        }
    }

    private async Task WriteOneAsync(string tenant, IMongoCollection<BsonDocument> products, IMongoCollection<BsonDocument> orders, IMongoCollection<BsonDocument> customers, CancellationToken ct)
    {
        var tenantOrders = List(_orders, tenant);
        var tenantProducts = List(_products, tenant);
        var tenantCustomers = List(_customers, tenant);
        var roll = _random.Next(100);
        if (tenantCustomers.Count < 3 || roll < 10)
        {
            var customer = new BsonDocument
            {
                { "_id", ObjectId.GenerateNewId() }, { "tenantId", tenant }, { "name", $"{Pick(Names)} {(char)('A' + _random.Next(26))}." },
                { "city", Pick(Cities) }, { "tier", _random.Next(4) == 0 ? "gold" : "standard" }, { "createdAt", Now() },
            };
            await customers.InsertOneAsync(customer, cancellationToken: ct);
            Remember(tenantCustomers, customer["_id"].AsObjectId);
        }
        else if (tenantProducts.Count < 3 || roll < 20)
        {
            var product = new BsonDocument
            {
                { "_id", ObjectId.GenerateNewId() }, { "tenantId", tenant }, { "name", Pick(Products) }, { "sku", $"SKU-{_random.Next(1000, 9999)}" },
                { "price", Math.Round(3 + (_random.NextDouble() * 120), 2) }, { "stock", _random.Next(0, 200) },
            };
            await products.InsertOneAsync(product, cancellationToken: ct);
            Remember(tenantProducts, product["_id"].AsObjectId);
        }
        else if (roll < 35)
        {
            var update = Builders<BsonDocument>.Update.Set("price", Math.Round(3 + (_random.NextDouble() * 120), 2)).Inc("stock", _random.Next(-5, 20));
            await products.UpdateOneAsync(new BsonDocument("_id", Pick(tenantProducts)), update, cancellationToken: ct);
        }
        else if (tenantOrders.Count < 3 || roll < 65)
        {
            var quantity = _random.Next(1, 5);
            var price = Math.Round(3 + (_random.NextDouble() * 120), 2);
            var order = new BsonDocument
            {
                { "_id", ObjectId.GenerateNewId() }, { "tenantId", tenant }, { "orderNo", $"{tenant[..1].ToUpperInvariant()}-{_random.Next(10000, 99999)}" },
                { "customerId", Pick(tenantCustomers) }, { "status", "new" }, { "total", Math.Round(quantity * price, 2) },
                { "items", new BsonArray { new BsonDocument { { "productId", Pick(tenantProducts) }, { "quantity", quantity }, { "price", price } } } },
                { "createdAt", Now() },
            };
            await orders.InsertOneAsync(order, cancellationToken: ct);
            Remember(tenantOrders, order["_id"].AsObjectId);
        }
        else if (roll < 95)
        {
            var update = Builders<BsonDocument>.Update.Set("status", Pick(Statuses)).Set("updatedAt", Now());
            await orders.UpdateOneAsync(new BsonDocument("_id", Pick(tenantOrders)), update, cancellationToken: ct);
        }
        else
        {
            // A delete's tenant comes from its pre-image (the gateway turns pre- and post-images on for watched collections).
            var id = tenantOrders[0];
            tenantOrders.RemoveAt(0);
            await orders.DeleteOneAsync(new BsonDocument("_id", id), ct);
        }
    }

    private BsonDateTime Now() => new(timeProvider.GetUtcNow().UtcDateTime);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static List<ObjectId> List(Dictionary<string, List<ObjectId>> byTenant, string tenant) =>
        byTenant.TryGetValue(tenant, out var list) ? list : byTenant[tenant] = [];

    /// <summary>Keeps the newest 50 ids per tenant and kind.</summary>
    private static void Remember(List<ObjectId> ids, ObjectId id)
    {
        ids.Add(id);
        if (ids.Count > 50)
        {
            ids.RemoveAt(0);
        }
    }
}
