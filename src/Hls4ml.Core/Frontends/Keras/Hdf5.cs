using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Hls4ml.Diagnostics;
using PureHDF;
using PureHDF.VOL.Native;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// PureHDF calls with the pitfalls of Keras files handled and every failure turned into a coded error. Groups and
/// datasets are reached only through <see cref="Group"/>, <see cref="Dataset"/> and <see cref="Children"/>, which
/// refuse anything but hard links before PureHDF resolves them (see <see cref="Hdf5Links"/>), and datasets are read
/// only through <see cref="ReadFloats"/>, which refuses external and virtual storage and bounds the size.
/// </summary>
internal static class Hdf5
{
    private static readonly byte[] Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Most weight values read from one file: 2^28 (1 GiB as float32), far above what an FPGA design holds.</summary>
    public const long MaxDatasetValues = 1L << 28;

    /// <summary>Deepest group nesting followed (Keras nests a group per sub-model; a cycle of hard links never ends).</summary>
    public const int MaxGroupDepth = 32;

    /// <summary>Opens an HDF5 file and checks its root group's links.</summary>
    public static NativeFile Open(string path)
    {
        if (!HasSignature(path))
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' is not an HDF5 file (no HDF5 signature found); expected a Keras .h5 file.", path);
        using (var s = File.OpenRead(path)) CheckNotTruncated(s, path);
        var file = Guard(path, "opening the HDF5 file", () => H5File.OpenRead(path));
        return Checked(file, path);
    }

    /// <summary>Opens HDF5 data held in memory (the weights inside a .keras archive); 'path' names it in messages.</summary>
    public static NativeFile Open(MemoryStream data, string path)
    {
        if (!HasSignature(data))
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)} is not an HDF5 file (no HDF5 signature found).", path);
        CheckNotTruncated(data, path);
        data.Position = 0;
        var file = Guard(path, "opening the HDF5 file", () => H5File.Open(data, leaveOpen: false));
        return Checked(file, path);
    }

    private static NativeFile Checked(NativeFile file, string path)
    {
        try
        {
            CheckLinks(file, path, "/");
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>HDF5 files start with the signature at offset 0, 512, 1024, 2048, ... (after an optional user block).</summary>
    private static bool HasSignature(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            return HasSignature(s);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsException(DiagnosticCodes.UnreadableModelFile, $"'{path}' cannot be opened: {e.Message}", path);
        }
    }

    private static bool HasSignature(Stream s) => SignatureOffset(s) >= 0;

    private static long SignatureOffset(Stream s)
    {
        var buffer = new byte[Signature.Length];
        for (long offset = 0; offset + Signature.Length <= s.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            s.Position = offset;
            s.ReadExactly(buffer);
            if (buffer.AsSpan().SequenceEqual(Signature)) return offset;
        }
        return -1;
    }

    /// <summary>
    /// A file shorter than the end-of-file address its superblock declares was cut off (an interrupted download or
    /// copy): reported as such, before PureHDF reads past the end and the missing data looks like missing layers.
    /// </summary>
    private static void CheckNotTruncated(Stream s, string path)
    {
        var start = SignatureOffset(s);
        if (start < 0) return;
        var header = new byte[64];
        s.Position = start;
        int read = s.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < 16) return;
        int version = header[8];
        // Field offsets of the version 0/1 and 2/3 superblocks (HDF5 file format specification, "Superblock").
        int offsetSize = version <= 1 ? header[13] : header[9];
        int eofField = version switch { 0 => 24 + 2 * offsetSize, 1 => 28 + 2 * offsetSize, 2 or 3 => 12 + 2 * offsetSize, _ => -1 };
        int baseField = version switch { 0 => 24, 1 => 28, 2 or 3 => 12, _ => -1 };
        if (eofField < 0 || offsetSize is not (2 or 4 or 8) || eofField + offsetSize > read) return;
        ulong Address(int at)
        {
            ulong v = 0;
            for (int i = offsetSize - 1; i >= 0; i--) v = (v << 8) | header[at + i];
            return v;
        }
        ulong undefined = offsetSize == 8 ? ulong.MaxValue : (1UL << (8 * offsetSize)) - 1;
        ulong eof = Address(eofField), baseAddress = Address(baseField);
        if (eof == undefined || baseAddress == undefined) return;
        var declared = baseAddress + eof;
        if ((ulong)s.Length < declared)
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)} is truncated: the file has {s.Length} bytes but its HDF5 header declares {declared} (an interrupted download or copy?); copy or save it again.", path);
    }

    /// <summary>How messages name the HDF5 data: the file, or the weights inside a .keras archive.</summary>
    public static string Describe(string path) =>
        path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) ? $"the model.weights.h5 inside '{path}'" : $"'{path}'";

    /// <summary>Runs a PureHDF call; any exception becomes HLS0102 naming the file and what was being read.</summary>
    public static T Guard<T>(string path, string what, Func<T> read, string? layer = null)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not HlsException and not Hdf5Links.InternalsChangedException)
        {
            // Failures inside PureHDF reached through reflection arrive wrapped; the message is the inner one's.
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            if (cause is HlsException or Hdf5Links.InternalsChangedException) ExceptionDispatchInfo.Throw(cause);
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)} is damaged or not a Keras HDF5 file: {what} failed ({cause.Message}).", path, 0, layer), e);
        }
    }

    public static bool AttributeExists(IH5Object obj, string name)
    {
        try { return obj.AttributeExists(name); }
        catch { return false; }
    }

    /// <summary>
    /// The group at 'relativePath' ('/'-separated) under 'parent', or null when a link on the way is missing.
    /// Each group on the way has its links checked before one of them is followed.
    /// </summary>
    public static IH5Group? Group(IH5Group parent, string relativePath, string path, string? layer = null) =>
        Navigate(parent, relativePath, path, layer) switch
        {
            null => null,
            IH5Group g => g,
            _ => throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)} is damaged or not a Keras HDF5 file: '{relativePath}' is not a group.", path, 0, layer)),
        };

    /// <summary>The dataset at 'relativePath' under 'parent', or null when a link on the way is missing.</summary>
    public static IH5Dataset? Dataset(IH5Group parent, string relativePath, string path, string? layer = null) =>
        Navigate(parent, relativePath, path, layer) switch
        {
            null => null,
            IH5Dataset d => d,
            _ => throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)} is damaged or not a Keras HDF5 file: '{relativePath}' is not a dataset.", path, 0, layer)),
        };

    private static IH5Object? Navigate(IH5Group parent, string relativePath, string path, string? layer)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return parent;
        if (segments.Length > MaxGroupDepth)
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"{Describe(path)}: the path '{Shorten(relativePath)}' is nested deeper than {MaxGroupDepth} groups.", path, 0, layer));
        IH5Object current = parent;
        for (int i = 0; i < segments.Length; i++)
        {
            if (current is not IH5Group group) return null;
            CheckLinks(group, path, relativePath, layer);
            var name = segments[i];
            if (!Guard(path, $"looking up '{Shorten(relativePath)}'", () => group.LinkExists(name), layer)) return null;
            current = Guard(path, $"opening '{Shorten(relativePath)}'", () => group.Get(name), layer);
        }
        return current;
    }

    /// <summary>The children of a group (its links checked first), materialized under the guard.</summary>
    public static IReadOnlyList<IH5Object> Children(IH5Group group, string path, string groupPath)
    {
        CheckLinks(group, path, groupPath);
        return Guard(path, $"listing group '{groupPath}'", () => group.Children().ToList());
    }

    /// <summary>Groups whose links were checked (keyed by the PureHDF object, so nothing outlives the file).</summary>
    private static readonly ConditionalWeakTable<IH5Group, object> CheckedGroups = new();

    /// <summary>HLS0120 when the group has a soft, external or user-defined link.</summary>
    private static void CheckLinks(IH5Group group, string path, string groupPath, string? layer = null)
    {
        if (CheckedGroups.TryGetValue(group, out _)) return;
        // Only PureHDF's native groups can be inspected; anything else would go unchecked, so it is a bug here.
        if (group is not NativeGroup native)
            throw new Hdf5Links.InternalsChangedException($"PureHDF returned a {group.GetType().Name} for group '{groupPath}', whose links Hdf5Links cannot inspect.");
        var links = Guard(path, $"reading the links of group '{Shorten(groupPath)}'", () => Hdf5Links.NonHardLinks(native).ToList(), layer);
        if (links.Count > 0)
        {
            var (name, kind, target) = links[0];
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.Hdf5ExternalReference,
                $"{Describe(path)} has {kind} link '{Shorten(name)}' in group '{Shorten(group.Name)}' pointing to {Shorten(target)}; " +
                "weights files are read only from plain datasets inside the file, so links are not followed.", path, 0, layer));
        }
        CheckedGroups.AddOrUpdate(group, true);
    }

    private static string Shorten(string s) => s.Length > 200 ? s[..200] + "…" : s;

    /// <summary>
    /// A string or string-array attribute (fixed-length or variable-length). An empty non-string array (what Keras
    /// writes as <c>weight_names</c> of a weight-less layer) reads as no strings.
    /// </summary>
    public static string[] ReadStrings(IH5Object obj, string name, string path) => Guard(path, $"reading attribute '{name}'", () =>
    {
        var attribute = obj.Attribute(name);
        if (attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength)
        {
            var values = attribute.Space.Rank == 0 ? new[] { attribute.Read<string>() } : attribute.Read<string[]>();
            return values.Select(v => (v ?? "").TrimEnd('\0')).ToArray();
        }
        if (attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b) == 0) return Array.Empty<string>();
        throw new InvalidDataException($"attribute '{name}' holds {attribute.Type.Class} values, not strings");
    });

    /// <summary>A scalar string attribute (e.g. <c>model_config</c>).</summary>
    public static string ReadString(IH5Object obj, string name, string path) => Guard(path, $"reading attribute '{name}'", () =>
    {
        var attribute = obj.Attribute(name);
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
            throw new InvalidDataException($"attribute '{name}' holds {attribute.Type.Class} values, not a string");
        var value = attribute.Space.Rank == 0 ? attribute.Read<string>() : attribute.Read<string[]>().FirstOrDefault();
        return (value ?? "").TrimEnd('\0');
    });

    /// <summary>
    /// A numeric dataset as row-major float32 values and its shape (float16/32/64 and integer types). 'budget' counts
    /// the values still allowed from this file, so compressed datasets cannot inflate past the limit together.
    /// </summary>
    public static (int[] Shape, float[] Data) ReadFloats(IH5Dataset dataset, string path, string datasetPath, ValueBudget budget, string? layer = null)
    {
        var external = Guard(path, $"reading the storage of dataset '{datasetPath}'", () => Hdf5Links.ExternalStorage(dataset), layer);
        if (external is not null)
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.Hdf5ExternalReference,
                $"{Describe(path)}: dataset '{datasetPath}' {external}; weights are read only from data stored inside the file.", path, 0, layer));
        var dims = Guard(path, $"reading the shape of dataset '{datasetPath}'", () => dataset.Space.Dimensions, layer);
        var total = dims.Aggregate(1.0, (a, d) => a * d);
        if (total > budget.Remaining)
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.InputTooLarge,
                $"{Describe(path)}: dataset '{datasetPath}' has shape [{string.Join(",", dims)}] ({total:G4} values), past the limit of {MaxDatasetValues} weight values (1 GiB as float32) per file.", path, 0, layer));
        budget.Remaining -= (long)total;
        return Guard(path, $"reading dataset '{datasetPath}'", () =>
        {
            var shape = dims.Select(d => checked((int)d)).ToArray();
            var type = dataset.Type;
            float[] data = (type.Class, type.Size) switch
            {
                (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
                (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
                (H5DataTypeClass.FloatingPoint, 2) => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
                (H5DataTypeClass.FixedPoint, _) => ReadIntegers(dataset),
                _ => throw new InvalidDataException($"unsupported element type {type.Class} of {type.Size} bytes"),
            };
            long expected = shape.Aggregate(1L, (a, b) => a * b);
            if (data.Length != expected)
                throw new InvalidDataException($"{data.Length} values for shape [{string.Join(",", shape)}]");
            return (shape, data);
        }, layer);
    }

    private static float[] ReadIntegers(IH5Dataset dataset)
    {
        bool signed = dataset.Type.FixedPoint.IsSigned;
        return dataset.Type.Size switch
        {
            1 => signed ? Array.ConvertAll(dataset.Read<sbyte[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            2 => signed ? Array.ConvertAll(dataset.Read<short[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            4 => signed ? Array.ConvertAll(dataset.Read<int[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<uint[]>(), v => (float)v),
            8 => signed ? Array.ConvertAll(dataset.Read<long[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<ulong[]>(), v => (float)v),
            var n => throw new InvalidDataException($"unsupported integer size {n} bytes"),
        };
    }
}

/// <summary>Weight values still allowed from one file (<see cref="Hdf5.MaxDatasetValues"/> in all).</summary>
internal sealed class ValueBudget
{
    public long Remaining { get; set; } = Hdf5.MaxDatasetValues;
}

/// <summary>
/// What PureHDF 2.2 would fetch from outside the file without asking. It resolves soft and external links and reads
/// external-file and virtual dataset storage on its own, with no switch to stop it: an external link or an
/// external-storage dataset makes it open any path on the machine (a FIFO hangs it), and a soft link naming itself
/// recurses until the process dies of a stack overflow. Keras never writes any of these, so links are listed from the
/// group's header before any child is resolved, and dataset storage is checked before it is read. PureHDF keeps link
/// types and the external file list internal, so they are read by reflection; Hdf5ContainmentTests fail when a
/// PureHDF upgrade moves them (the pinned version is in Hls4ml.Core.csproj).
/// </summary>
internal static class Hdf5Links
{
    /// <summary>PureHDF's internals are not what this class expects: a bug to fix here, never a damaged file.</summary>
    public sealed class InternalsChangedException(string message) : Exception(message);

    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
    private static readonly Lazy<Api> Internals = new(() => new Api());

    /// <summary>Throws <see cref="InternalsChangedException"/> unless every internal member used here exists.</summary>
    public static void Verify() => _ = Internals.Value;

    /// <summary>(name, kind, target) of every link of the group that is not a hard link.</summary>
    public static IEnumerable<(string Name, string Kind, string Target)> NonHardLinks(NativeGroup group)
    {
        var api = Internals.Value;
        var messages = api.Messages(group);
        foreach (var message in messages)
        {
            if (api.LinkMessage.IsInstanceOfType(message))
            {
                if (api.Describe(message) is { } link) yield return link;
            }
            else if (api.LinkInfoMessage.IsInstanceOfType(message))
            {
                // Dense storage (many links): the link messages live in a fractal heap indexed by a v2 B-tree.
                var index = (ulong)api.BTree2NameIndexAddress.GetValue(message)!;
                if (api.IsUndefined(group, index)) continue;
                foreach (var dense in (IEnumerable)api.EnumerateLinkMessages.Invoke(group, new[] { message })!)
                    if (api.Describe(dense) is { } link) yield return link;
            }
        }
        // Old-style groups (what h5py writes by default): a symbol table whose entries may cache a soft link.
        var table = api.ScratchPad.GetValue(group) ?? messages.FirstOrDefault(api.SymbolTableMessage.IsInstanceOfType);
        if (table is null) yield break;
        var decodeKey = Delegate.CreateDelegate(api.DecodeKeyDelegate, group, api.DecodeGroupKey);
        var btree = table.GetType().GetMethod("GetBTree1", Members)!.Invoke(table, new object[] { decodeKey });
        var heap = table.GetType().GetProperty("LocalHeap", Members)!.GetValue(table)!;
        foreach (var node in (IEnumerable)api.EnumerateSymbolTableNodes.Invoke(group, new[] { btree })!)
            foreach (var entry in (IEnumerable)api.GroupEntries.GetValue(node)!)
            {
                var pad = api.EntryScratchPad.GetValue(entry);
                if (pad is null || !api.SymbolicLinkScratchPad.IsInstanceOfType(pad)) continue;
                var name = api.HeapName(heap, (ulong)api.LinkNameOffset.GetValue(entry)!);
                var value = api.HeapName(heap, (uint)api.LinkValueOffset.GetValue(pad)!);
                yield return (name, "soft", $"'{value}'");
            }
    }

    /// <summary>Why the dataset's data lives outside the file (virtual or external storage), or null when it does not.</summary>
    public static string? ExternalStorage(IH5Dataset dataset)
    {
        if (dataset.Layout.Class == H5DataLayoutClass.VirtualStorage)
            return "is a virtual dataset (its data is mapped from other datasets or files)";
        if (dataset is not NativeDataset native) return null;
        var api = Internals.Value;
        var list = api.ExternalFileList.GetValue(native);
        if (list is null) return null;
        var names = new List<string>();
        try
        {
            var heap = api.ExternalHeap.GetValue(list)!;
            foreach (var slot in (IEnumerable)api.SlotDefinitions.GetValue(list)!)
                names.Add(api.HeapName(heap, (ulong)api.NameHeapOffset.GetValue(slot)!));
        }
        catch (TargetInvocationException)
        {
            // The file names are only for the message; a damaged name heap does not change the verdict.
        }
        return names.Count == 0 ? "stores its data in external files"
            : $"stores its data in external file(s) {string.Join(", ", names.Take(3).Select(n => $"'{n}'"))}";
    }

    /// <summary>The internal types and members used above, looked up once.</summary>
    private sealed class Api
    {
        public readonly Type LinkMessage, LinkInfoMessage, SymbolTableMessage, SymbolicLinkScratchPad, DecodeKeyDelegate;
        public readonly PropertyInfo Header, HeaderMessages, MessageData, LinkType, LinkName, LinkInfo, SoftValue, ExternalFilePath,
            ExternalObjectPath, BTree2NameIndexAddress, Context, Superblock, GroupEntries, EntryScratchPad, LinkNameOffset,
            LinkValueOffset, ExternalFileList, ExternalHeap, SlotDefinitions, NameHeapOffset;
        public readonly FieldInfo ScratchPad;
        public readonly MethodInfo EnumerateLinkMessages, EnumerateSymbolTableNodes, DecodeGroupKey, IsUndefinedAddress, GetObjectName;

        public Api()
        {
            var asm = typeof(H5File).Assembly;
            Type T(string name) => asm.GetType("PureHDF.VOL.Native." + name) ?? throw Missing(name);
            PropertyInfo P(Type t, string name) => t.GetProperty(name, Members) ?? throw Missing($"{t.Name}.{name}");
            MethodInfo M(Type t, string name) => t.GetMethod(name, Members) ?? throw Missing($"{t.Name}.{name}()");

            LinkMessage = T("LinkMessage");
            LinkInfoMessage = T("LinkInfoMessage");
            SymbolTableMessage = T("SymbolTableMessage");
            SymbolicLinkScratchPad = T("SymbolicLinkScratchPad");
            Header = P(typeof(NativeObject), "Header");
            HeaderMessages = P(T("ObjectHeader"), "HeaderMessages");
            MessageData = P(T("HeaderMessage"), "Data");
            LinkType = P(LinkMessage, "LinkType");
            LinkName = P(LinkMessage, "LinkName");
            LinkInfo = P(LinkMessage, "LinkInfo");
            SoftValue = P(T("SoftLinkInfo"), "Value");
            ExternalFilePath = P(T("ExternalLinkInfo"), "FilePath");
            ExternalObjectPath = P(T("ExternalLinkInfo"), "FullObjectPath");
            BTree2NameIndexAddress = P(LinkInfoMessage, "BTree2NameIndexAddress");
            Context = P(typeof(NativeObject), "Context");
            Superblock = P(T("NativeReadContext"), "Superblock");
            IsUndefinedAddress = M(T("Superblock"), "IsUndefinedAddress");
            EnumerateLinkMessages = M(typeof(NativeGroup), "EnumerateLinkMessagesFromLinkInfoMessage");
            EnumerateSymbolTableNodes = M(typeof(NativeGroup), "EnumerateSymbolTableNodes");
            DecodeGroupKey = M(typeof(NativeGroup), "DecodeGroupKey");
            DecodeKeyDelegate = typeof(Func<>).MakeGenericType(DecodeGroupKey.ReturnType);
            ScratchPad = typeof(NativeGroup).GetField("_scratchPad", Members) ?? throw Missing("NativeGroup._scratchPad");
            GroupEntries = P(T("SymbolTableNode"), "GroupEntries");
            EntryScratchPad = P(T("SymbolTableEntry"), "ScratchPad");
            LinkNameOffset = P(T("SymbolTableEntry"), "LinkNameOffset");
            LinkValueOffset = P(SymbolicLinkScratchPad, "LinkValueOffset");
            GetObjectName = M(T("LocalHeap"), "GetObjectName");
            ExternalFileList = P(typeof(NativeDataset), "InternalExternalFileList");
            ExternalHeap = P(T("ExternalFileListMessage"), "Heap");
            SlotDefinitions = P(T("ExternalFileListMessage"), "SlotDefinitions");
            NameHeapOffset = P(T("ExternalFileListSlot"), "NameHeapOffset");
            foreach (var type in new[] { "SymbolTableMessage", "ObjectHeaderScratchPad" })
                if (T(type).GetMethod("GetBTree1", Members) is null || T(type).GetProperty("LocalHeap", Members) is null)
                    throw Missing($"{type}.GetBTree1()/LocalHeap");
        }

        private static InternalsChangedException Missing(string member) =>
            new($"PureHDF no longer has the internal member {member} that Hls4ml uses to refuse links and external storage in HDF5 files; update Hdf5Links for the PureHDF version referenced by Hls4ml.Core.");

        public List<object> Messages(NativeGroup group) =>
            ((IEnumerable)HeaderMessages.GetValue(Header.GetValue(group))!).Cast<object>().Select(m => MessageData.GetValue(m)!).ToList();

        public bool IsUndefined(NativeGroup group, ulong address) =>
            (bool)IsUndefinedAddress.Invoke(Superblock.GetValue(Context.GetValue(group)), new object[] { address })!;

        public string HeapName(object heap, ulong offset) => (string)GetObjectName.Invoke(heap, new object[] { offset })!;

        /// <summary>(name, kind, target) of a link message, or null for a hard link.</summary>
        public (string, string, string)? Describe(object message)
        {
            var type = Convert.ToInt32(LinkType.GetValue(message), System.Globalization.CultureInfo.InvariantCulture);
            if (type == 0) return null;
            var name = (string?)LinkName.GetValue(message) ?? "";
            var info = LinkInfo.GetValue(message);
            return type switch
            {
                1 => (name, "soft", $"'{SoftValue.GetValue(info)}'"),
                64 => (name, "external", $"'{ExternalObjectPath.GetValue(info)}' in file '{ExternalFilePath.GetValue(info)}'"),
                _ => (name, $"user-defined (type {type})", "an unknown target"),
            };
        }
    }
}
