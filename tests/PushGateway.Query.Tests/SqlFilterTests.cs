using MongoDB.Bson;
using static PushGateway.Query.Tests.TestJson;

namespace PushGateway.Query.Tests;

public class SqlFilterTests
{
    private static Filter Sql(string sql)
    {
        var result = SqlFilter.Parse(sql);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Filter!;
    }

    private static QueryError SqlError(string sql)
    {
        var result = SqlFilter.Parse(sql);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Filter);
        return result.Error!;
    }

    [Theory]
    [InlineData("status = 'A'", "{status: 'A'}")]
    [InlineData("status != 'A'", "{status: {$ne: 'A'}}")]
    [InlineData("status <> 'A'", "{status: {$ne: 'A'}}")]
    [InlineData("qty < 30", "{qty: {$lt: 30}}")]
    [InlineData("qty <= 30", "{qty: {$lte: 30}}")]
    [InlineData("qty > 30", "{qty: {$gt: 30}}")]
    [InlineData("qty >= 30", "{qty: {$gte: 30}}")]
    [InlineData("qty > -2.5", "{qty: {$gt: -2.5}}")]
    [InlineData("big = 3000000000", "{big: NumberLong('3000000000')}")]
    [InlineData("status = 'A' AND qty < 30", "{status: 'A', qty: {$lt: 30}}")]
    [InlineData("qty < 30 and status = 'A'", "{status: 'A', qty: {$lt: 30}}")]
    [InlineData("status = 'A' OR qty < 30", "{$or: [{status: 'A'}, {qty: {$lt: 30}}]}")]
    [InlineData("status = 'A' AND (qty < 30 OR item LIKE 'p%')", "{status: 'A', $or: [{qty: {$lt: 30}}, {item: {$regex: '^p.*\\\\z', $options: 's'}}]}")]
    [InlineData("status IN ('A', 'D')", "{status: {$in: ['A', 'D']}}")]
    [InlineData("status NOT IN ('A', 'D')", "{status: {$nin: ['A', 'D']}}")]
    [InlineData("qty BETWEEN 10 AND 20", "{qty: {$gte: 10, $lte: 20}}")]
    [InlineData("qty NOT BETWEEN 10 AND 20", "{qty: {$not: {$gte: 10, $lte: 20}}}")]
    [InlineData("item IS NULL", "{item: null}")]
    [InlineData("item IS NOT NULL", "{item: {$ne: null}}")]
    [InlineData("EXISTS item", "{item: {$exists: true}}")]
    [InlineData("NOT EXISTS item", "{item: {$exists: false}}")]
    [InlineData("NOT status = 'A'", "{status: {$ne: 'A'}}")]
    [InlineData("NOT (qty > 5)", "{qty: {$not: {$gt: 5}}}")]
    [InlineData("NOT (a = 1 OR b = 2)", "{$nor: [{a: 1}, {b: 2}]}")]
    [InlineData("NOT NOT a = 1", "{a: 1}")]
    [InlineData("size.uom = 'in'", "{'size.uom': 'in'}")]
    [InlineData("instock[0].qty <= 20", "{'instock.0.qty': {$lte: 20}}")]
    [InlineData("dim_cm.1 > 25", "{'dim_cm.1': {$gt: 25}}")]
    [InlineData("\"odd field\".\"x-y\" = 1", "{'odd field.x-y': 1}")]
    [InlineData("`select` = 1", "{select: 1}")]
    [InlineData("\"and\" = 1", "{and: 1}")]
    [InlineData("flag = TRUE", "{flag: true}")]
    [InlineData("flag = false", "{flag: false}")]
    [InlineData("v = NULL", "{v: null}")]
    [InlineData("d >= DATE '2024-05-01'", "{d: {$gte: ISODate('2024-05-01T00:00:00Z')}}")]
    [InlineData("d < TIMESTAMP '2024-05-01T12:30:00Z'", "{d: {$lt: ISODate('2024-05-01T12:30:00Z')}}")]
    [InlineData("d < timestamp '2024-05-01 14:30:00+02:00'", "{d: {$lt: ISODate('2024-05-01T12:30:00Z')}}")]
    [InlineData("_id = OID('5f0000000000000000000001')", "{_id: ObjectId('5f0000000000000000000001')}")]
    [InlineData("name = 'O''Brien'", "{name: \"O'Brien\"}")]
    [InlineData("name = 'O\\'Brien'", "{name: \"O'Brien\"}")]
    [InlineData("operation_type = 'update'", "{operationType: 'update'}")]
    [InlineData("full_document.status = 'open'", "{'fullDocument.status': 'open'}")]
    [InlineData("full_document_before_change.status = 'open'", "{'fullDocumentBeforeChange.status': 'open'}")]
    [InlineData("document_key._id = 5", "{'documentKey._id': 5}")]
    [InlineData("ns.coll = 'orders' AND ns.db = 'shop'", "{'ns.coll': 'orders', 'ns.db': 'shop'}")]
    [InlineData("EXISTS update_description.updated_fields.status", "{'updateDescription.updatedFields.status': {$exists: true}}")]
    [InlineData("update_description.removed_fields = 'x'", "{'updateDescription.removedFields': 'x'}")]
    [InlineData("cluster_time > 5", "{clusterTime: {$gt: 5}}")]
    [InlineData("\"operation_type\" = 'x'", "{operation_type: 'x'}")]
    [InlineData("a = 1 -- trailing comment", "{a: 1}")]
    public void Parse_Sql_HasSameCanonicalKeyAsMql(string sql, string mql)
    {
        Assert.Equal(MqlOf(mql).CanonicalKey, Sql(sql).CanonicalKey);
    }

    [Theory]
    [InlineData("name LIKE 'Al%'", "{name: 'Alice'}", true)]
    [InlineData("name LIKE 'Al%'", "{name: 'alice'}", false)]
    [InlineData("name ILIKE 'al%'", "{name: 'ALICE'}", true)]
    [InlineData("name LIKE 'A_ice'", "{name: 'Alice'}", true)]
    [InlineData("name LIKE 'A_ice'", "{name: 'Allice'}", false)]
    [InlineData("name LIKE 'lic'", "{name: 'Alice'}", false)]
    [InlineData("name LIKE '%lic%'", "{name: 'Alice'}", true)]
    [InlineData("name LIKE 'a.c'", "{name: 'abc'}", false)]
    [InlineData("name LIKE 'a.c'", "{name: 'a.c'}", true)]
    [InlineData("name LIKE '50\\%'", "{name: '50%'}", true)]
    [InlineData("name LIKE '50\\%'", "{name: '500'}", false)]
    [InlineData("name LIKE '50\\\\%'", "{name: '50%'}", true)]
    [InlineData("name LIKE 'a%'", "{name: 'a\\nb'}", true)]
    [InlineData("name LIKE 'ab'", "{name: 'ab\\n'}", false)]
    [InlineData("name LIKE '(x)+'", "{name: '(x)+'}", true)]
    [InlineData("name NOT LIKE 'Al%'", "{name: 'Bob'}", true)]
    [InlineData("name NOT LIKE 'Al%'", "{}", true)]
    [InlineData("name NOT LIKE 'Al%'", "{name: 'Alice'}", false)]
    [InlineData("tags LIKE 're%'", "{tags: ['blank', 'red']}", true)]
    [InlineData("name LIKE '50!%' ESCAPE '!'", "{name: '50%'}", true)]
    [InlineData("name LIKE '50!%' ESCAPE '!'", "{name: '500'}", false)]
    [InlineData("name LIKE 'a\\b%' ESCAPE '!'", "{name: 'a\\\\bc'}", true)]
    public void Matches_Like_UsesAnchoredEscapedPattern(string sql, string doc, bool expected)
    {
        Assert.Equal(expected, Sql(sql).Matches(Doc(doc)));
    }

    [Theory]
    [InlineData("CHANGED('status')", "{operationType: 'update', updateDescription: {updatedFields: {status: 'x'}, removedFields: []}}", true)]
    [InlineData("CHANGED('status')", "{operationType: 'update', updateDescription: {updatedFields: {'status.code': 5}, removedFields: []}}", true)]
    [InlineData("CHANGED('status.code')", "{operationType: 'update', updateDescription: {updatedFields: {status: {code: 5}}, removedFields: []}}", true)]
    [InlineData("CHANGED('status')", "{operationType: 'update', updateDescription: {updatedFields: {statusText: 'x'}, removedFields: []}}", false)]
    [InlineData("CHANGED('status')", "{operationType: 'update', updateDescription: {updatedFields: {}, removedFields: ['status']}}", true)]
    [InlineData("CHANGED('items')", "{operationType: 'update', updateDescription: {updatedFields: {}, removedFields: [], truncatedArrays: [{field: 'items', newSize: 1}]}}", true)]
    [InlineData("CHANGED('status')", "{operationType: 'insert', fullDocument: {status: 'x'}}", false)]
    [InlineData("CHANGED('full_document.status')", "{updateDescription: {updatedFields: {fullDocument: 1}}}", true)]
    [InlineData("operation_type = 'update' AND NOT CHANGED('status')", "{operationType: 'update', updateDescription: {updatedFields: {qty: 1}}}", true)]
    public void Matches_Changed_DetectsTouchedPaths(string sql, string doc, bool expected)
    {
        Assert.Equal(expected, Sql(sql).Matches(Doc(doc)));
    }

    [Fact]
    public void ToBsonDocument_Changed_RoundTripsThroughMqlExtension()
    {
        var filter = Sql("CHANGED('status') AND operation_type = 'update'");

        var reparsed = MqlFilter.Parse(filter.ToBsonDocument()).Filter!;

        Assert.Equal(filter.CanonicalKey, reparsed.CanonicalKey);
        Assert.Equal("status", filter.ToBsonDocument()["$changed"].AsString);
    }

    [Theory]
    [InlineData("status = ", 1, 10, "expected a literal", "end of input")]
    [InlineData("status = 'A' AND AND qty > 1", 1, 18, "expected a field path", "'AND'")]
    [InlineData("status 'A'", 1, 8, "expected a comparison operator", "string 'A'")]
    [InlineData("(a = 1", 1, 7, "expected ')'", "end of input")]
    [InlineData("a = 1 b = 2", 1, 7, "expected AND, OR or end of input", "'b'")]
    [InlineData("a IN (1, 2", 1, 11, "expected ',' or ')'", "end of input")]
    [InlineData("a = 'open", 1, 5, "unterminated string", "'open")]
    [InlineData("a BETWEEN 1 OR 2", 1, 13, "expected AND in BETWEEN", "'OR'")]
    [InlineData("a = 1 AND\n  b ~ 2", 2, 5, "unexpected character", "~")]
    [InlineData("a IS 5", 1, 6, "expected NULL", "number 5")]
    [InlineData("a.[0] = 1", 1, 3, "expected a field name after '.'", "'['")]
    public void Parse_SyntaxError_ReportsPositionTokenAndExpectation(string sql, int line, int column, string expected, string found)
    {
        var error = SqlError(sql);

        Assert.Equal(9, error.Code);
        Assert.Equal("FailedToParse", error.CodeName);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("^", error.Excerpt, StringComparison.Ordinal);
        Assert.Equal(column, error.Excerpt!.Split('\n')[1].Length);
    }

    [Theory]
    [InlineData("$where = 1")]
    [InlineData("a.$b = 1")]
    [InlineData("\"$x\" = 1")]
    [InlineData("\"a.b\" = 1")]
    public void Parse_DollarOrDottedFieldName_ReturnsError(string sql)
    {
        Assert.Equal(9, SqlError(sql).Code);
    }

    [Fact]
    public void Parse_InvalidDate_ReturnsError()
    {
        var error = SqlError("d > DATE '2024-13-01'");

        Assert.Contains("invalid DATE", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, error.Column);
    }

    [Fact]
    public void Parse_InvalidObjectId_ReturnsError()
    {
        Assert.Contains("OID", SqlError("_id = OID('xyz')").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyInValues_ReturnsLimitError()
    {
        var result = SqlFilter.Parse("a IN (1, 2, 3)", new QueryLimits { MaxInSize = 2 });

        Assert.Contains("limit of 2", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_ReturnsLimitError()
    {
        var sql = new string('(', 50) + "a = 1" + new string(')', 50);

        var result = SqlFilter.Parse(sql, new QueryLimits { MaxDepth = 10 });

        Assert.Contains("depth", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeywordsCaseInsensitive_Parses()
    {
        var filter = Sql("a in (1) And b Between 1 aNd 2 oR c iS nOt NuLl");

        Assert.True(filter.Matches(Doc("{c: 1}")));
    }

    [Fact]
    public void Matches_SqlPathsUseMongoSemantics_ArrayElementsMatch()
    {
        var filter = Sql("instock.qty > 10 AND instock.qty <= 20");

        Assert.True(filter.Matches(Doc("{instock: [{warehouse: 'A', qty: 40}, {warehouse: 'B', qty: 5}]}")));
    }
}
