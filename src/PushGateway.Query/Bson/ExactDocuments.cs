using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MongoDB.Bson;

namespace PushGateway.Query.Bson;

/// <summary>
/// Builds <see cref="BsonDocument"/>s whose element list is exactly as long as the document and, up to
/// <see cref="MaxUnindexed"/> elements, without the name-to-position dictionary that <see cref="BsonDocument.Add(BsonElement)"/>
/// builds from the 8th element on. Adding 17 elements one by one allocates about 2.3 KB (the list grows 4, 8, 16, 32 and
/// the dictionary is built and resized) and keeps about 1.5 KB; built here it is about 0.4 KB, allocated once. The
/// document is an ordinary <see cref="BsonDocument"/>: a name lookup scans the elements (as it does for any document
/// below 8 elements), and the first <c>Add</c> to it builds the dictionary as usual.
/// </summary>
/// <remarks>
/// The list is set, and the dictionary looked for, through the driver's private <c>_elements</c> and <c>_indexes</c>
/// fields (<see cref="UnsafeAccessorAttribute"/>). Both are looked for once, before any use; should a driver release
/// rename them (<see cref="MissingFieldException"/>), every document is built with <c>Add</c> as before: slower, never
/// different. <c>ExactDocumentsTests</c> fails on such a release.
/// </remarks>
public static class ExactDocuments
{
    /// <summary>Documents with more elements get their dictionary (a lookup in a long document would scan it).</summary>
    public const int MaxUnindexed = 32;

    /// <summary>Spare list slots a kept document may have (the room <see cref="ShallowClone"/> gave an update's copy).</summary>
    public const int CompactSlack = 4;

    // Whether the driver's fields exist: looked for once, before any document is built here.
    private static readonly bool Usable = Probe();

    /// <summary>True when documents are built with exact lists (false when the driver's fields were not found).</summary>
    public static bool Available => Usable;

    /// <summary>A document of <paramref name="elements"/>, in order.</summary>
    /// <exception cref="InvalidOperationException">A name repeats and <paramref name="allowDuplicateNames"/> is false (<c>Add</c>'s own error).</exception>
    public static BsonDocument Create(ReadOnlySpan<BsonElement> elements, bool allowDuplicateNames = false) =>
        Build(elements, allowDuplicateNames, checkDuplicates: !allowDuplicateNames);

    // Elements whose names the builder has checked already.
    private static BsonDocument CreateChecked(ReadOnlySpan<BsonElement> elements, bool allowDuplicateNames) =>
        Build(elements, allowDuplicateNames, checkDuplicates: false);

    private static BsonDocument Build(ReadOnlySpan<BsonElement> elements, bool allowDuplicateNames, bool checkDuplicates)
    {
        var document = new BsonDocument(allowDuplicateNames);
        if (elements.Length == 0)
        {
            return document;
        }

        if (elements.Length > MaxUnindexed || !Usable)
        {
            foreach (var element in elements)
            {
                document.Add(element);
            }

            return document;
        }

        if (checkDuplicates && HasDuplicate(elements))
        {
            // Built with Add, which throws the driver's own error at the repeated name.
            foreach (var element in elements)
            {
                document.Add(element);
            }

            return document;
        }

        var list = new List<BsonElement>(elements.Length);
        CollectionsMarshal.SetCount(list, elements.Length);
        elements.CopyTo(CollectionsMarshal.AsSpan(list));
        Elements(document) = list;
        return document;
    }

    /// <summary>
    /// A copy of <paramref name="document"/>'s top level (values shared), as <see cref="BsonDocument.Clone"/>, with room
    /// for <paramref name="spare"/> more elements (a copy about to be updated may gain a few fields).
    /// </summary>
    public static BsonDocument ShallowClone(BsonDocument document, int spare = 0)
    {
        if (document.GetType() != typeof(BsonDocument) || document.ElementCount > MaxUnindexed || !Usable)
        {
            return (BsonDocument)document.Clone();
        }

        var source = Elements(document);
        var clone = new BsonDocument(document.AllowDuplicateNames);
        var list = new List<BsonElement>(source.Count + spare);
        list.AddRange(source);
        Elements(clone) = list;
        return clone;
    }

    /// <summary>
    /// Sets <paramref name="name"/> to <paramref name="value"/> as the document's indexer does (replaces the first element of
    /// that name, else appends one), but appends to a document without a name dictionary without building one (while it
    /// stays within <see cref="MaxUnindexed"/> elements).
    /// </summary>
    public static void Set(BsonDocument document, string name, BsonValue value)
    {
        if (document.GetType() != typeof(BsonDocument) || !Usable || document.ElementCount >= MaxUnindexed || document.Contains(name) || Indexes(document) is not null)
        {
            document[name] = value;
            return;
        }

        Elements(document).Add(new BsonElement(name, value));
    }

    /// <summary>
    /// <paramref name="document"/> itself when its element list is exact (or has at most <see cref="CompactSlack"/> spare
    /// slots) and it has no name dictionary, else an exact copy of its top level (values shared): for a document about
    /// to be kept for long (an updated stored document) that grew by <c>Add</c>.
    /// </summary>
    public static BsonDocument Compact(BsonDocument document)
    {
        if (document.GetType() != typeof(BsonDocument) || document.ElementCount > MaxUnindexed || !Usable)
        {
            return document;
        }

        var list = Elements(document);
        return list.Capacity - list.Count <= CompactSlack && Indexes(document) is null ? document : ShallowClone(document);
    }

    /// <summary>
    /// The elements of one document being read, on the stack: up to <see cref="MaxUnindexed"/> of them; a longer document
    /// is built with <c>Add</c> from there on (its dictionary keeps lookups and the duplicate check cheap).
    /// </summary>
    public struct Builder
    {
        private Inline _inline;
        private BsonDocument? _large;
        private int _count;

        /// <summary>Adds an element whose name the caller knows differs from every name added before (not checked).</summary>
        public void Add(string name, BsonValue value) => Add(name, value, allowDuplicateNames: true);

        /// <summary>
        /// Adds an element; unless <paramref name="allowDuplicateNames"/>, a repeated name throws here, as
        /// <see cref="BsonDocument.Add(string, BsonValue)"/> would (so a reader reports the same error at the same point).
        /// </summary>
        public void Add(string name, BsonValue value, bool allowDuplicateNames)
        {
            if (_large is not null)
            {
                _large.Add(name, value);
                return;
            }

            if (!allowDuplicateNames)
            {
                ThrowIfRepeated(name, value);
            }

            if (_count == Inline.Length)
            {
                _large = new BsonDocument(allowDuplicateNames);
                foreach (var element in (ReadOnlySpan<BsonElement>)_inline)
                {
                    _large.Add(element);
                }

                _inline = default;
                _large.Add(name, value);
                return;
            }

            _inline[_count++] = new BsonElement(name, value);
        }

        /// <summary>The document of the elements added.</summary>
        public readonly BsonDocument ToDocument(bool allowDuplicateNames) =>
            _large ?? CreateChecked(((ReadOnlySpan<BsonElement>)_inline)[.._count], allowDuplicateNames);

        private readonly void ThrowIfRepeated(string name, BsonValue value)
        {
            var added = ((ReadOnlySpan<BsonElement>)_inline)[.._count];
            foreach (var element in added)
            {
                if (string.Equals(element.Name, name, StringComparison.Ordinal))
                {
                    var document = new BsonDocument(allowDuplicateNames: false);
                    foreach (var earlier in added)
                    {
                        document.Add(earlier);
                    }

                    document.Add(name, value); // throws the driver's own error
                }
            }
        }

        [InlineArray(MaxUnindexed)]
        private struct Inline
        {
            public const int Length = MaxUnindexed;

            private BsonElement _first;
        }
    }

    private static bool HasDuplicate(ReadOnlySpan<BsonElement> elements)
    {
        for (var i = 1; i < elements.Length; i++)
        {
            var name = elements[i].Name;
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(elements[j].Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Probe()
    {
        try
        {
            var probe = new BsonDocument();
            _ = Elements(probe);
            _ = Indexes(probe);
            return true;
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_elements")]
    private static extern ref List<BsonElement> Elements(BsonDocument document);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_indexes")]
    private static extern ref Dictionary<string, int>? Indexes(BsonDocument document);
}
