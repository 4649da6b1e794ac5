using System.Text;
using Google.Protobuf;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Onnx;

/// <summary>
/// Reads an ONNX model (as torch.onnx.export or a Keras-to-ONNX converter writes it, no pre-processing) into a
/// <see cref="ModelGraph"/>. Initializers, Constant nodes and shape arithmetic are folded; every other node is turned
/// into IR layers by the <see cref="IOnnxOpHandler"/> registered for its op type, so the supported operators are
/// exactly what the registry holds. Tensors keep the model's channels-first layout at the ports (test data is
/// NCHW/NCL as the model takes it); inside, convolutions and pooling run channels-last, with Transpose layers inserted
/// only where a consumer needs another layout and Dense weights permuted instead of transposing before a Flatten.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Opsets of the default domain the converter accepts (tested: 6, 7, 9, 11, 13, 17, 18).</summary>
    public const int MinOpset = 6, MaxOpset = 21;

    public static ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (string.IsNullOrWhiteSpace(modelPath))
            throw new HlsException(DiagnosticCodes.ModelFileNotFound, "no model file was given.");
        if (!File.Exists(modelPath))
            throw new HlsException(DiagnosticCodes.ModelFileNotFound,
                $"the model file '{modelPath}' does not exist (looked for {Path.GetFullPath(modelPath)}).", modelPath);
        if (!string.IsNullOrWhiteSpace(weightsPath))
            throw new HlsException(DiagnosticCodes.UnsupportedModelFormat,
                $"'{Path.GetFileName(modelPath)}' is an ONNX model, which holds its own weights; remove Weights=\"{weightsPath}\" (external data files are found beside the model).", modelPath);
        var model = Parse(modelPath);
        return Convert(model, modelPath, registry);
    }

    internal static OnnxModelProto Parse(string modelPath)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(modelPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsException(DiagnosticCodes.UnreadableModelFile, $"'{modelPath}' cannot be read: {e.Message}", modelPath);
        }
        OnnxModelProto model;
        try
        {
            var stream = new CodedInputStream(bytes);
            model = OnnxModelProto.Parse(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.InvalidOnnxFile,
                $"'{modelPath}' is not a valid ONNX protobuf file ({e.Message}).", modelPath), e);
        }
        if (model.Graph is null || model.IrVersion <= 0)
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile,
                $"'{modelPath}' holds no ONNX model (no graph or IR version); is it an ONNX file?", modelPath);
        return model;
    }

    private static bool IsDefaultDomain(string domain) => domain is "" or "ai.onnx";

    /// <summary>Registry key of a node's op type: plain for the default domain, 'domain:OpType' otherwise.</summary>
    public static string OpKey(string domain, string opType) => IsDefaultDomain(domain) ? opType : $"{domain}:{opType}";

    private static ModelGraph Convert(OnnxModelProto model, string modelPath, HlsRegistry registry)
    {
        var g = model.Graph!;
        var opsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (domain, version) in model.OpsetImports)
            opsets[IsDefaultDomain(domain) ? "" : domain] = (int)version;
        if (!opsets.TryGetValue("", out var opset))
            opset = model.OpsetImports.Count == 0 ? 1 : -1;
        if (opset < MinOpset || opset > MaxOpset)
            throw new HlsException(DiagnosticCodes.UnsupportedOnnxOpset,
                $"'{Path.GetFileName(modelPath)}' uses ONNX opset {(opset < 0 ? "(none for the default domain)" : opset)}; supported: {MinOpset} to {MaxOpset}.", modelPath);

        var graph = new ModelGraph
        {
            Name = string.IsNullOrWhiteSpace(g.Name) ? Path.GetFileNameWithoutExtension(modelPath) : OnnxConversion.Sanitize(g.Name),
            SourceFile = modelPath,
        };
        var conversion = new OnnxConversion { Graph = graph, Registry = registry, SourceFile = modelPath };

        CheckUniqueNames(g, modelPath);
        if (g.SparseInitializers > 0)
            throw new HlsException(DiagnosticCodes.UnsupportedOnnxNode, $"'{Path.GetFileName(modelPath)}' has sparse initializers, which are not supported.", modelPath);
        foreach (var init in g.Initializers)
            conversion.Values[init.Name] = new OnnxValue { Constant = OnnxTensorDecoder.Decode(init, modelPath) };

        var nodes = Live(OnnxRecurrentPatterns.Rewrite(FusePatterns(Sort(g, conversion, modelPath), conversion, g), conversion, g), g);
        CheckSupported(nodes, registry, opsets, modelPath);

        // Names: inputs and nodes reserve theirs first, so helper layers never take one.
        var inputs = g.Inputs.Where(i => !conversion.Values.ContainsKey(i.Name)).ToList();
        var inputNames = inputs.ToDictionary(i => i.Name, i => Reserve(conversion, OnnxConversion.Sanitize(i.Name)));
        var nodeNames = new List<(string Node, string Layer)>();
        for (int k = 0; k < nodes.Count; k++)
        {
            var n = nodes[k];
            var nodeName = string.IsNullOrEmpty(n.Name) ? $"{n.OpType}_{k}" : n.Name;
            nodeNames.Add((nodeName, Reserve(conversion, OnnxConversion.Sanitize(nodeName))));
        }
        conversion.UsedNames.Clear();

        foreach (var n in nodes)
            foreach (var input in n.Inputs.Where(i => i.Length > 0))
                conversion.Uses[input] = conversion.Uses.GetValueOrDefault(input) + 1;
        foreach (var o in g.Outputs)
        {
            conversion.Uses[o.Name] = conversion.Uses.GetValueOrDefault(o.Name) + 1;
            conversion.GraphOutputs.Add(o.Name);
        }

        foreach (var input in inputs)
            AddInput(conversion, input, inputNames[input.Name], modelPath);

        for (int k = 0; k < nodes.Count; k++)
            ConvertNode(conversion, nodes[k], nodeNames[k].Node, nodeNames[k].Layer, opsets, registry);

        foreach (var output in g.Outputs)
        {
            if (!conversion.Values.TryGetValue(output.Name, out var value))
                throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"model output '{output.Name}' is produced by no node.", modelPath);
            if (value.Constant is not null)
                throw new HlsException(DiagnosticCodes.UnsupportedGraph,
                    $"model output '{output.Name}' is a constant (it does not depend on the input); nothing to synthesize.", modelPath);
            var shape = value.Layout!.Shape.Length == 0 ? new[] { 1 } : value.Layout.Shape;
            graph.Outputs.Add(conversion.Relayout(output.Name, shape, OnnxLayout.Identity(shape.Length)));
        }
        graph.Renumber();
        return graph;
    }

    /// <summary>
    /// ONNX graphs are in single static assignment form (onnx.checker rejects others): every value is defined once, by
    /// one initializer, input or node output, and a node names each attribute once. A file breaking that is damaged,
    /// and taking the first or last definition would convert something other than what any runtime computes.
    /// </summary>
    private static void CheckUniqueNames(OnnxGraphProto g, string modelPath)
    {
        static string? Repeated(IEnumerable<string> names)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return names.FirstOrDefault(n => !seen.Add(n));
        }
        HlsException Twice(string what) =>
            new(DiagnosticCodes.InvalidOnnxFile, $"'{Path.GetFileName(modelPath)}' is not a valid ONNX graph: {what}.", modelPath);
        if (Repeated(g.Initializers.Select(i => i.Name)) is { } init) throw Twice($"initializer '{init}' is defined twice");
        if (Repeated(g.Inputs.Select(i => i.Name)) is { } input) throw Twice($"graph input '{input}' is declared twice");
        var defined = g.Initializers.Select(i => i.Name).Concat(g.Inputs.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var n in g.Nodes)
        {
            if (Repeated(n.Attributes.Select(a => a.Name)) is { } attribute)
                throw Twice($"node '{n.Name}' ({n.OpType}) has attribute '{attribute}' twice");
            foreach (var o in n.Outputs.Where(o => o.Length > 0))
                if (!defined.Add(o)) throw Twice($"value '{o}' is defined twice (again as an output of node '{n.Name}' ({n.OpType}))");
        }
    }

    private static string Reserve(OnnxConversion conversion, string name)
    {
        var unique = conversion.UniqueName(name);
        conversion.UsedNames.Add(unique);
        conversion.Reserved.Add(unique);
        return unique;
    }

    /// <summary>A graph input (not an initializer) → IR Input layer; the first axis is the batch (the second for a recurrent initial state).</summary>
    private static void AddInput(OnnxConversion conversion, OnnxValueInfoProto input, string name, string modelPath)
    {
        if (!input.IsTensor || !input.HasShape)
            throw new HlsException(DiagnosticCodes.UnknownOnnxInputShape,
                $"model input '{input.Name}' has no tensor shape in the model file.", modelPath, name);
        // Integer inputs carry token indices (Gather on an embedding table); the testbench reads them as numbers.
        if (input.ElemType is not ((int)OnnxDataType.Float or (int)OnnxDataType.Double or (int)OnnxDataType.Float16 or (int)OnnxDataType.Int64 or (int)OnnxDataType.Int32))
            throw new HlsException(DiagnosticCodes.UnsupportedOnnxNode,
                $"model input '{input.Name}' has element type {(OnnxDataType)input.ElemType}; only floating-point inputs (and integer token indices) are supported.", modelPath, name);
        if (input.Dims.Count < 1)
            throw new HlsException(DiagnosticCodes.UnknownOnnxInputShape,
                $"model input '{input.Name}' is a scalar; the first axis must be the batch axis.", modelPath, name);
        // A recurrent initial state [directions, batch, hidden] carries its batch on axis 1.
        int batchAxis = conversion.RecurrentStateInputs.Contains(input.Name) ? 1 : 0;
        if (batchAxis == 1 && (input.Dims.Count != 3 || input.Dims[1] is not (null or 1)))
            throw new HlsException(DiagnosticCodes.UnsupportedOnnxRecurrent,
                $"model input '{input.Name}' is the initial state of a recurrent node, so its shape must be [directions, batch, hidden] with batch 1 or symbolic; it is [{string.Join(",", input.Dims.Select((v, i) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? input.DimParams[i] ?? "?"))}].",
                modelPath, name);
        var dims = new List<int>();
        for (int d = 0; d < input.Dims.Count; d++)
        {
            if (d == batchAxis) continue;
            if (input.Dims[d] is not > 0)
                throw new HlsException(DiagnosticCodes.UnknownOnnxInputShape,
                    $"model input '{input.Name}' has shape [{string.Join(",", input.Dims.Select((v, i) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? input.DimParams[i] ?? "?"))}]: axis {d} is {(input.DimParams[d] is { } p ? $"symbolic ('{p}')" : "unknown")}; only the batch axis may be.",
                    modelPath, name);
            dims.Add((int)input.Dims[d]!.Value);
        }
        var irShape = dims.Count == 0 ? new[] { 1 } : dims.ToArray();
        var layer = conversion.AddLayer("Input", name, Array.Empty<string>(), "Input",
            new Dictionary<string, object?> { ["shape"] = irShape }, null, own: name);
        conversion.Graph.Inputs.Add(layer.Name);
        conversion.Values[input.Name] = new OnnxValue { Tensor = layer.Name, Layout = new OnnxLayout(irShape, OnnxLayout.Identity(irShape.Length), dims.ToArray()) };
    }

    /// <summary>Nodes in an order where every input is available first (the standard requires it; some writers slip).</summary>
    private static List<OnnxNodeProto> Sort(OnnxGraphProto g, OnnxConversion conversion, string modelPath)
    {
        var available = new HashSet<string>(conversion.Values.Keys, StringComparer.Ordinal) { "" };
        foreach (var i in g.Inputs) available.Add(i.Name);
        var pending = g.Nodes.ToList();
        var sorted = new List<OnnxNodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = pending.Count;
            for (int k = 0; k < pending.Count; k++)
            {
                var n = pending[k];
                if (!n.Inputs.All(available.Contains)) continue;
                sorted.Add(n);
                foreach (var o in n.Outputs) available.Add(o);
                pending.RemoveAt(k--);
            }
            if (pending.Count == before)
            {
                var n = pending[0];
                var missing = n.Inputs.First(i => !available.Contains(i));
                throw new HlsException(DiagnosticCodes.InvalidOnnxFile,
                    $"node '{n.Name}' ({n.OpType}) reads '{missing}', which no node, initializer or input provides (or the graph has a cycle).", modelPath);
            }
        }
        return sorted;
    }

    /// <summary>Only the nodes the model outputs depend on (exporters and editors leave dead sub-graphs behind).</summary>
    private static List<OnnxNodeProto> Live(List<OnnxNodeProto> nodes, OnnxGraphProto g)
    {
        var needed = new HashSet<string>(g.Outputs.Select(o => o.Name), StringComparer.Ordinal);
        var live = new HashSet<OnnxNodeProto>();
        for (int k = nodes.Count - 1; k >= 0; k--)
        {
            if (!nodes[k].Outputs.Any(needed.Contains)) continue;
            live.Add(nodes[k]);
            foreach (var i in nodes[k].Inputs) needed.Add(i);
        }
        return nodes.Where(live.Contains).ToList();
    }

    /// <summary>
    /// Recognizes operators that exporters write as several nodes: x / (|x| + 1) (torch's Softsign) becomes one
    /// Softsign node, so that it maps to the Activation layer instead of failing on the division by a run-time tensor.
    /// </summary>
    private static List<OnnxNodeProto> FusePatterns(List<OnnxNodeProto> nodes, OnnxConversion conversion, OnnxGraphProto g)
    {
        var producer = new Dictionary<string, OnnxNodeProto>(StringComparer.Ordinal);
        foreach (var n in nodes) foreach (var o in n.Outputs) producer[o] = n;
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in nodes.SelectMany(n => n.Inputs).Concat(g.Outputs.Select(o => o.Name)))
            uses[i] = uses.GetValueOrDefault(i) + 1;
        bool IsOne(string name) => conversion.Values.TryGetValue(name, out var v) && v.Constant is { Size: 1 } c && c.Values[0] == 1
            || producer.TryGetValue(name, out var p) && p.OpType == "Constant" && p.Attributes.FirstOrDefault(a => a.Name == "value")?.T is { } t
               && OnnxTensorDecoder.Decode(t, conversion.SourceFile) is { Size: 1 } ct && ct.Values[0] == 1;

        var removed = new HashSet<OnnxNodeProto>();
        var replaced = new Dictionary<OnnxNodeProto, OnnxNodeProto>();
        foreach (var div in nodes.Where(n => n.OpType == "Div" && IsDefaultDomain(n.Domain) && n.Inputs.Count == 2))
        {
            if (!producer.TryGetValue(div.Inputs[1], out var add) || add.OpType != "Add" || uses.GetValueOrDefault(add.Outputs[0]) != 1) continue;
            int absSide = producer.TryGetValue(add.Inputs[0], out var a0) && a0.OpType == "Abs" ? 0 : 1;
            if (!producer.TryGetValue(add.Inputs[absSide], out var abs) || abs.OpType != "Abs" || uses.GetValueOrDefault(abs.Outputs[0]) != 1) continue;
            if (abs.Inputs[0] != div.Inputs[0] || !IsOne(add.Inputs[1 - absSide])) continue;
            var softsign = new OnnxNodeProto { Name = div.Name, OpType = "Softsign" };
            softsign.Inputs.Add(div.Inputs[0]);
            softsign.Outputs.Add(div.Outputs[0]);
            replaced[div] = softsign;
            removed.Add(abs);
            removed.Add(add);
        }
        return nodes.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
    }

    /// <summary>Fails on the first op with neither a handler nor a constant evaluator, naming every unsupported op at once.</summary>
    private static void CheckSupported(List<OnnxNodeProto> nodes, HlsRegistry registry, Dictionary<string, int> opsets, string modelPath)
    {
        bool Known(OnnxNodeProto n) => registry.OnnxHandler(OpKey(n.Domain, n.OpType)) is not null
            || (IsDefaultDomain(n.Domain) && OnnxConstantFolding.Ops.Contains(n.OpType));
        var unsupported = nodes.Where(n => !Known(n)).ToList();
        if (unsupported.Count == 0) return;
        var first = unsupported[0];
        var domain = IsDefaultDomain(first.Domain) ? "" : first.Domain;
        var opset = opsets.GetValueOrDefault(domain, 1);
        var others = unsupported.Skip(1).Select(n => OpKey(n.Domain, n.OpType)).Distinct().Where(o => o != OpKey(first.Domain, first.OpType)).ToList();
        var supported = registry.OnnxOpTypes.Order(StringComparer.Ordinal);
        throw new HlsException(DiagnosticCodes.UnsupportedOnnxOp,
            $"ONNX node '{(first.Name.Length > 0 ? first.Name : first.Outputs.FirstOrDefault())}' has op type '{first.OpType}'" +
            (domain.Length > 0 ? $" of domain '{domain}' (opset {opset})" : $" (opset {opset})") + ", which is not supported." +
            (others.Count > 0 ? $" Other unsupported op types in this model: {string.Join(", ", others)}." : "") +
            $" Supported ONNX op types: {string.Join(", ", supported)} (and shape arithmetic on constants: {string.Join(", ", OnnxConstantFolding.ConstantOnlyOps.Order(StringComparer.Ordinal))}).",
            modelPath, OnnxConversion.Sanitize(first.Name.Length > 0 ? first.Name : first.OpType));
    }

    private static void ConvertNode(OnnxConversion conversion, OnnxNodeProto node, string nodeName, string layerName,
        Dictionary<string, int> opsets, HlsRegistry registry)
    {
        var domain = IsDefaultDomain(node.Domain) ? "" : node.Domain;
        int opset = opsets.GetValueOrDefault(domain, 1);
        var attributes = node.Attributes.ToDictionary(a => a.Name, a => ToAttribute(a, conversion.SourceFile), StringComparer.Ordinal);
        var context = new OnnxNodeContextImpl(conversion, node, nodeName, layerName, opset, attributes);

        try
        {
            if (domain.Length == 0 && OnnxConstantFolding.Ops.Contains(node.OpType))
            {
                var inputs = node.Inputs.Select(i => i.Length > 0 ? conversion.Values[i].Constant : null).ToArray();
                var shapes = node.Inputs.Select(i => i.Length > 0 && conversion.Values[i].Constant is null ? conversion.Values[i].OnnxShape : null).ToArray();
                var folded = OnnxConstantFolding.TryFold(new OnnxConstantFolding.Node(node.OpType, opset, inputs, shapes,
                    name => attributes.GetValueOrDefault(name), what => context.Unsupported(what)));
                if (folded is not null)
                {
                    for (int o = 0; o < node.Outputs.Count && o < folded.Length; o++)
                        if (node.Outputs[o].Length > 0) conversion.Values[node.Outputs[o]] = new OnnxValue { Constant = folded[o] };
                    return;
                }
            }
            var handler = registry.OnnxHandler(OpKey(node.Domain, node.OpType))
                ?? throw context.Unsupported($"{node.OpType} is supported on constant inputs only (shape arithmetic), but input '{node.Inputs.FirstOrDefault(i => i.Length > 0 && conversion.Values[i].Constant is null)}' is computed at run time");
            handler.Convert(context);
        }
        catch (HlsException e) when (e.Diagnostic.File is null || e.Diagnostic.Layer is null)
        {
            throw new HlsException(e.Diagnostic with { File = e.Diagnostic.File ?? conversion.SourceFile, Layer = e.Diagnostic.Layer ?? layerName }, e);
        }
        catch (Exception e) when (e is not HlsException)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnsupportedOnnxNode,
                $"ONNX node '{nodeName}' ({node.OpType}, opset {opset}) could not be converted: {e.Message}", conversion.SourceFile, 0, layerName), e);
        }

        for (int o = 0; o < node.Outputs.Count; o++)
        {
            var name = node.Outputs[o];
            if (name.Length == 0) continue;
            if (context.Produced.TryGetValue(o, out var value)) conversion.Values[name] = value;
            else if (conversion.Uses.GetValueOrDefault(name) > 0)
                throw new HlsException(DiagnosticCodes.UnsupportedOnnxNode,
                    $"ONNX node '{nodeName}' ({node.OpType}, opset {opset}): its output {o} ('{name}') is used, but the converter does not compute it.",
                    conversion.SourceFile, layerName);
        }
    }

    private static OnnxAttribute ToAttribute(OnnxAttributeProto a, string modelPath)
    {
        if (a.RefAttrName is { Length: > 0 })
            throw new HlsException(DiagnosticCodes.UnsupportedOnnxNode, $"attribute '{a.Name}' refers to a function attribute; model-local functions are not supported.", modelPath);
        return new OnnxAttribute
        {
            Name = a.Name,
            Type = a.Type,
            Int = a.I,
            Float = a.F,
            String = Encoding.UTF8.GetString(a.S.Span),
            Ints = a.Ints.ToArray(),
            Floats = a.Floats.ToArray(),
            Strings = a.Strings.Select(s => Encoding.UTF8.GetString(s.Span)).ToArray(),
            Tensor = a.T is null ? null : OnnxTensorDecoder.Decode(a.T, modelPath),
        };
    }
}
