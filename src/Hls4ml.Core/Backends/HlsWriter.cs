using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Backends;

/// <summary>
/// Writes the HLS project (hls4ml's layout: firmware/, weights/, nnet_utils/, testbench, Tcl) from a graph that has
/// been through the backend flow. Everything is rendered into a staging folder and swapped in at the end, so an
/// interrupted run never leaves a half-written tree that a later incremental build would trust.
/// </summary>
public sealed class HlsWriter
{
    public const string ManifestFile = "hls4ml-project.json";

    private readonly HlsRegistry _registry;
    private readonly string _templatesRoot;
    private readonly TemplateEngine _engine;
    private BackendDefinition _backend = BackendDefinition.Vivado;

    public HlsWriter(HlsRegistry registry, string templatesRoot)
    {
        _registry = registry;
        _templatesRoot = Path.GetFullPath(templatesRoot);
        // `include "tcl/x.sbn"` resolves through the current backend's folders, so a backend overrides just that part.
        _engine = new TemplateEngine { IncludeResolver = name => TryProjectTemplate(_backend, name) };
    }

    /// <summary>Writes the project into outputDir (replacing it) and returns the list of files written.</summary>
    public IReadOnlyList<string> Write(ModelGraph graph, HlsConfig config, string outputDir, string? testInput = null)
    {
        var backend = _registry.Backend(config.Backend, config.ProjectFile);
        _backend = backend;
        if (!HlsConfig.IOTypes.Contains(config.IOType))
            throw new HlsException(DiagnosticCodes.UnsupportedIOType,
                $"HlsIOType '{config.IOType}' is not supported; use {string.Join(" or ", HlsConfig.IOTypes)}.", config.ProjectFile);

        // Everything that can fail on the model's account (variables, templates) happens before a file is written.
        var model = BuildModel(graph, config, backend);
        outputDir = Path.GetFullPath(outputDir);
        var staging = outputDir.TrimEnd(Path.DirectorySeparatorChar) + ".staging";
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        Directory.CreateDirectory(staging);
        var files = new List<string>();
        void Emit(string relative, string contents)
        {
            var path = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, contents);
            files.Add(relative.Replace('\\', '/'));
        }

        try
        {
            foreach (var w in model.Weights)
            {
                Emit($"firmware/weights/{w.Var}.txt", w.Values);
                Emit($"firmware/weights/{w.Var}.h", _engine.Render(ProjectTemplate(backend, "firmware/weight.h.sbn"), new WeightTemplateModel(w, model.Project)));
            }
            var name = config.ProjectName;
            Emit($"firmware/{name}.cpp", Render(backend, "firmware/myproject.cpp.sbn", model));
            Emit($"firmware/{name}.h", Render(backend, "firmware/myproject.h.sbn", model));
            Emit("firmware/defines.h", Render(backend, "firmware/defines.h.sbn", model));
            Emit("firmware/parameters.h", Render(backend, "firmware/parameters.h.sbn", model));
            Emit($"{name}_test.cpp", Render(backend, "myproject_test.cpp.sbn", model));
            Emit("project.tcl", Render(backend, "project.tcl.sbn", model));
            Emit("build_prj.tcl", Render(backend, "build_prj.tcl.sbn", model));
            Emit("vivado_synth.tcl", Render(backend, "vivado_synth.tcl.sbn", model));

            CopyTree(Path.Combine(_templatesRoot, "hls", "nnet_utils"), Path.Combine(staging, "firmware", "nnet_utils"), "firmware/nnet_utils", files);
            CopyTree(Path.Combine(_templatesRoot, "hls", "ap_types"), Path.Combine(staging, "firmware", "ap_types"), "firmware/ap_types", files);
            foreach (var (header, source) in ExtensionHeaders(graph, config, backend))
            {
                var dest = Path.Combine(staging, "firmware", header);
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.Copy(source, dest, true);
                files.Add("firmware/" + header);
            }
            Directory.CreateDirectory(Path.Combine(staging, "tb_data"));
            if (testInput is not null && File.Exists(testInput))
            {
                File.Copy(testInput, Path.Combine(staging, "tb_data", "tb_input_features.dat"), true);
                files.Add("tb_data/tb_input_features.dat");
            }

            files.Sort(StringComparer.Ordinal);
            Emit(ManifestFile, new Newtonsoft.Json.Linq.JObject
            {
                ["project"] = name,
                ["backend"] = backend.Name,
                ["files"] = new Newtonsoft.Json.Linq.JArray(files),
                // io_stream: stream → [writer, reader], for CSim's stream diagnostics.
                ["streams"] = Newtonsoft.Json.Linq.JObject.FromObject(model.StreamEnds),
            }.ToString());
        }
        catch
        {
            // Nothing half-written survives a failed generation; the previous output (if any) is left untouched.
            try { Directory.Delete(staging, true); } catch (IOException) { }
            throw;
        }

        if (Directory.Exists(outputDir)) Directory.Delete(outputDir, true);
        Directory.Move(staging, outputDir);
        return files;
    }

    private string Render(BackendDefinition backend, string template, ProjectTemplateModel model) =>
        _engine.Render(ProjectTemplate(backend, template), model);

    /// <summary>Project-level template: the backend's own folder first, then the folders it inherits from.</summary>
    private string ProjectTemplate(BackendDefinition backend, string relative) =>
        TryProjectTemplate(backend, relative) ?? throw new HlsException(DiagnosticCodes.TemplateError,
            $"Template '{relative}' not found for backend {backend.Name} under {_templatesRoot}.", _templatesRoot);

    private string? TryProjectTemplate(BackendDefinition backend, string relative)
    {
        foreach (var folder in backend.TemplateFolders)
        {
            var p = Path.Combine(_templatesRoot, folder, relative);
            if (File.Exists(p)) return p;
        }
        return null;
    }


    private string LayerTemplatePath(BackendDefinition backend, LayerTemplate t, string relative)
    {
        var root = t.TemplateRoot ?? _templatesRoot;
        foreach (var folder in backend.TemplateFolders)
        {
            var p = Path.Combine(root, folder, relative);
            if (File.Exists(p)) return p;
        }
        var direct = Path.Combine(root, relative);
        if (File.Exists(direct)) return direct;
        throw new HlsException(DiagnosticCodes.TemplateError, $"Template '{relative}' of layer type {t.LayerType} not found under {root}.", root);
    }

    private LayerTemplate RequireTemplate(BackendDefinition backend, string ioType, Layer layer) =>
        _registry.Template(backend.Name, ioType, layer.Type)
        ?? throw new HlsException(DiagnosticCodes.NoTemplateForLayer,
            $"layer type {layer.Type} has no {backend.Name} template for {ioType}.", layer: layer.Name);

    private IEnumerable<(string Header, string Source)> ExtensionHeaders(ModelGraph graph, HlsConfig config, BackendDefinition backend)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in graph.Layers)
        {
            var t = RequireTemplate(backend, config.IOType, layer);
            var own = _registry.RequireLayer(layer.Type, layer.Name).Headers(layer);
            foreach (var (h, root) in t.Headers.Select(h => (h, t.HeaderRoot)).Concat(own))
                if (root is not null && seen.Add(h))
                {
                    var source = Path.Combine(root, h);
                    if (!File.Exists(source))
                        throw new HlsException(DiagnosticCodes.TemplateError, $"Header '{h}' of layer type {layer.Type} not found at {source}.", source);
                    yield return (h, source);
                }
        }
    }

    /// <summary>
    /// The C++ names of every tensor: model inputs are ports named in&lt;k&gt;_&lt;name&gt; (never the bare model name,
    /// which could shadow generated identifiers), model outputs and layer outputs layer&lt;N&gt;_out; their typedefs are
    /// input_t, result_t and layer&lt;N&gt;_t, collected in the order defines.h lists them.
    /// </summary>
    private sealed class TensorNames
    {
        public Dictionary<string, string> Var { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Type { get; } = new(StringComparer.Ordinal);
        public List<TypeDefinition> Types { get; } = new();
        private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);

        public void AddType(string name, string cpp)
        {
            if (_typeNames.Add(name)) Types.Add(new TypeDefinition(name, cpp));
        }

        public TensorNames(ModelGraph graph, bool stream)
        {
            // io_parallel: a tensor's type is its element type; io_stream: the stream word (the tensor's last axis).
            void Name(string tensor, string var, string type, Precision p)
            {
                Var[tensor] = var;
                Type[tensor] = type;
                AddType(type, stream ? $"nnet::array<{p.ToCpp()}, {StreamPack(graph.Tensor(tensor))}>" : p.ToCpp());
            }
            int inputNo = 0;
            foreach (var layer in graph.Layers.Where(IsModelInput))
            {
                inputNo++;
                var part = GeneratedText.IdentifierPart(layer.Name);
                Name(layer.Outputs[0], $"in{inputNo}_{(part.Length == 0 ? "input" : part)}", inputNo == 1 ? "input_t" : $"input{inputNo}_t", layer.Types["result"]);
            }
            for (int i = 0; i < graph.Outputs.Count; i++)
            {
                var producer = graph.Producer(graph.Outputs[i]) ?? throw new InvalidOperationException($"Output {graph.Outputs[i]} has no producer.");
                if (IsModelInput(producer)) continue;
                Name(graph.Outputs[i], $"layer{producer.Index}_out", i == 0 ? "result_t" : $"result{i + 1}_t", producer.Types["result"]);
            }
            foreach (var layer in graph.Layers.Where(l => !IsModelInput(l) && !Var.ContainsKey(l.Outputs[0])))
                Name(layer.Outputs[0], $"layer{layer.Index}_out", $"layer{layer.Index}_t", layer.Types["result"]);
        }
    }

    /// <summary>Model inputs are ports, not computed: no template, no declaration of their own.</summary>
    private static bool IsModelInput(Layer layer) => layer.Type == "Input";

    /// <summary>The template model: project settings, ports, types, weights and per-layer rendered C++.</summary>
    private ProjectTemplateModel BuildModel(ModelGraph graph, HlsConfig config, BackendDefinition backend)
    {
        bool stream = config.IOType == "io_stream";
        var names = new TensorNames(graph, stream);
        var fanOut = stream ? new StreamFanOut(graph, names.Var, names.Type) : null;
        string InputVar(Layer consumer, int i) => fanOut?.ReaderVar(consumer, i) ?? names.Var[consumer.Inputs[i]];

        var headers = new List<string>();
        var definitions = new List<string>();
        var weights = new List<WeightModel>();
        var layers = new List<LayerModel>();
        var inputTraces = new List<TraceModel>();
        TraceModel Trace(Layer layer, string var)
        {
            var tensor = graph.Tensor(layer.Outputs[0]);
            return new TraceModel(layer.Index, var, tensor.Size, stream ? StreamPack(tensor) : 0);
        }
        foreach (var layer in graph.Layers)
        {
            var output = layer.Outputs[0];
            if (IsModelInput(layer))
            {
                inputTraces.Add(Trace(layer, names.Var[output]));
                // An input read by several layers: its clones (and their streams) open the network.
                if (fanOut?.Clones(output) is { Count: > 0 } inputClones)
                    layers.Add(new LayerModel(GeneratedText.CppComment(layer.Name), layer.Type, layer.Index, Array.Empty<ArrayModel>(),
                        fanOut.Declarations(output), inputClones, "", ""));
                continue;
            }

            var template = RequireTemplate(backend, config.IOType, layer);
            var definition = _registry.RequireLayer(layer.Type, layer.Name);
            foreach (var h in template.Headers.Concat(definition.Headers(layer).Select(x => x.Header)))
                if (!headers.Contains(h)) headers.Add(h);

            var slotTypes = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (slot, p) in layer.Types)
            {
                if (slot == "result") { slotTypes[slot] = names.Type[output]; continue; }
                var typeName = $"{slot}{layer.Index}_t";
                names.AddType(typeName, p.ToCpp());
                slotTypes[slot] = typeName;
            }
            var weightVars = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (slot, w) in layer.Weights)
            {
                var var = (slot switch { "weight" => "w", "bias" => "b", _ => slot }) + layer.Index;
                weightVars[slot] = var;
                var typeName = slotTypes.TryGetValue(slot, out var tn) ? (string)tn! : config.DefaultPrecision.ToCpp();
                // hls4ml's BramFactor: large weights become top-level BRAM ports filled by the surrounding design.
                weights.Add(DescribeWeight(layer, slot, w, var, typeName, w.Precision ?? config.DefaultPrecision, w.Data.Length > config.BramFactor));
            }

            var variables = LayerVariables(graph, layer, definition, config, backend, names, InputVar, fanOut?.SourceVar(output) ?? names.Var[output], slotTypes, weightVars);
            // Every variable each template reads is checked before anything renders (HLS0303 names what is missing).
            foreach (var relative in new[] { template.ConfigTemplate, template.FunctionTemplate, template.DefinitionTemplate })
                if (!string.IsNullOrEmpty(relative)) CheckTemplateVariables(layer, relative, LayerTemplatePath(backend, template, relative), variables);
            string RenderLayer(string relative)
            {
                try { return _engine.Render(LayerTemplatePath(backend, template, relative), variables); }
                catch (HlsException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.TemplateError && e.Diagnostic.Layer is null)
                {
                    // A variable read in a branch that ran (not checked statically): the same error, with the layer named.
                    throw new HlsException(DiagnosticCodes.TemplateError,
                        $"layer '{GeneratedText.CppComment(layer.Name)}' ({layer.Type}): {e.Diagnostic.Message}", e.Diagnostic.File, layer.Name);
                }
            }
            if (!string.IsNullOrEmpty(template.DefinitionTemplate))
                definitions.Add(RenderLayer(template.DefinitionTemplate).Trim());
            var outputTensor = graph.Tensor(output);
            bool isOutput = graph.Outputs.Contains(output);
            layers.Add(new LayerModel(
                GeneratedText.CppComment(layer.Name), layer.Type, layer.Index,
                // io_parallel: a completely partitioned array per internal tensor; io_stream: a FIFO per internal stream.
                stream || isOutput ? Array.Empty<ArrayModel>() : new[] { new ArrayModel(names.Var[output], names.Type[output], outputTensor.Size) },
                fanOut?.Declarations(output, layer.Get<int?>("fifo_depth", null)) ?? Array.Empty<StreamModel>(),
                fanOut?.Clones(output) ?? Array.Empty<CloneModel>(),
                template.ConfigTemplate.Length == 0 ? "" : RenderLayer(template.ConfigTemplate).TrimEnd(),
                RenderLayer(template.FunctionTemplate).Trim(),
                Trace(layer, fanOut?.SourceVar(output) ?? names.Var[output])));
        }

        PortModel Port(string tensor) => new(names.Var[tensor], names.Type[tensor], graph.Tensor(tensor).Size,
            graph.Tensor(tensor).Shape, StreamPack(graph.Tensor(tensor)));
        var project = new ProjectInfo(
            Name: config.ProjectName,
            Guard: config.ProjectName.ToUpperInvariant(),
            Backend: backend.Name,
            Tool: backend.Tool,
            Part: config.Part,
            ClockPeriod: config.ClockPeriod.ToString(CultureInfo.InvariantCulture),
            ClockUncertainty: config.ClockUncertainty ?? backend.DefaultClockUncertainty,
            IoType: config.IOType,
            Stream: stream,
            Version: config.Version,
            MaximumSize: config.MaximumPartitionSize,
            PipelineStyle: PipelineStyle(graph, config),
            Source: GeneratedText.CppComment(graph.SourceFile is null ? graph.Name : Path.GetFileName(graph.SourceFile)),
            SdkVersion: typeof(HlsWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        return new ProjectTemplateModel(project, graph.Inputs.Select(Port).ToList(), graph.Outputs.Select(Port).ToList(), names.Types,
            headers, definitions, weights, layers,
            // Which layer writes and which reads each stream, so CSim can name both when a stream misbehaves.
            fanOut?.Ends ?? new Dictionary<string, string[]>(), inputTraces);
    }

    /// <summary>
    /// What a layer's templates read: its attributes (strings checked for C++ safety), then the variables every layer
    /// has (tensors, types, weights, settings), then the definition's own (<see cref="LayerDefinition.AddTemplateVariables"/>).
    /// </summary>
    private static Dictionary<string, object?> LayerVariables(ModelGraph graph, Layer layer, LayerDefinition definition, HlsConfig config,
        BackendDefinition backend, TensorNames names, Func<Layer, int, string> inputVar, string producedVar,
        Dictionary<string, object?> slotTypes, Dictionary<string, object?> weightVars)
    {
        var output = graph.Tensor(layer.Outputs[0]);
        var v = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, value) in layer.Attributes) if (!k.StartsWith('_')) v[k] = CheckedAttribute(layer, k, value);
        v["index"] = layer.Index;
        v["name"] = GeneratedText.CppComment(layer.Name);
        v["type"] = layer.Type;
        v["input"] = inputVar(layer, 0);
        v["inputs"] = layer.Inputs.Select((_, i) => inputVar(layer, i)).ToList();
        v["input_t"] = names.Type[layer.Inputs[0]];
        v["input_types"] = layer.Inputs.Select(i => names.Type[i]).ToList();
        v["input_size"] = graph.Tensor(layer.Inputs[0]).Size;
        v["input_packs"] = layer.Inputs.Select(i => StreamPack(graph.Tensor(i))).ToList();
        v["output"] = producedVar;
        v["output_t"] = names.Type[layer.Outputs[0]];
        v["output_size"] = output.Size;
        v["output_pack"] = StreamPack(output);
        v["n_words"] = output.Size / StreamPack(output);
        v["types"] = slotTypes;
        v["weights"] = weightVars;
        v["io_type"] = config.IOType;
        v["backend"] = backend.Name;
        v["reuse_factor"] = layer.Get("reuse_factor", config.ReuseFactor);
        v["strategy_cpp"] = StrategyCpp(layer.Get("strategy", config.Strategy));
        definition.AddTemplateVariables(layer, v);
        return v;
    }

    private void CheckTemplateVariables(Layer layer, string relative, string path, IReadOnlyDictionary<string, object?> variables)
    {
        foreach (var (variable, member) in _engine.ReadVariables(path).OrderBy(v => v.Variable, StringComparer.Ordinal))
        {
            string? missing = !variables.TryGetValue(variable, out var value) ? variable
                : member is not null && value is IDictionary<string, object?> members && !members.ContainsKey(member) ? $"{variable}.{member}"
                : null;
            if (missing is null) continue;
            var computed = _registry.ComputedBy(missing);
            var hint = computed is { } c
                ? $"; pass '{c.Pass.Name}' (flow '{c.Flow}') computes it for {c.Attribute.Layers}, but not for this layer"
                : "; no registered pass declares it";
            throw new HlsException(DiagnosticCodes.TemplateError,
                $"template '{relative}' of layer '{GeneratedText.CppComment(layer.Name)}' ({layer.Type}) reads '{missing}', which the layer does not have{hint}.",
                path, layer.Name);
        }
    }

    /// <summary>
    /// A layer attribute as a template variable. Strings reach C++ as written (function names, enumerators), so one
    /// that could change the code around it (quotes, line breaks, comment markers) is refused before any file exists.
    /// </summary>
    private static object? CheckedAttribute(Layer layer, string key, object? value)
    {
        if (value is string s && !GeneratedText.IsSafeTemplateToken(s))
            throw new HlsException(DiagnosticCodes.UnsafeAttributeText,
                $"attribute '{key}' of layer '{GeneratedText.CppComment(layer.Name)}' ({layer.Type}) holds '{GeneratedText.CppComment(s)}', which cannot be written into C++ safely.",
                layer: layer.Name);
        return value;
    }

    /// <summary>Values per stream word: the tensor's last axis (a pixel's channels, or a whole 1-D tensor), as in hls4ml.</summary>
    public static int StreamPack(TensorVariable tensor) => tensor.Shape.Length == 0 ? 1 : tensor.Shape[^1];

    /// <summary>The nnet::strategy enumerator of a strategy name.</summary>
    public static string StrategyCpp(string strategy) => strategy.ToLowerInvariant() switch
    {
        "unrolled" => "resource_unrolled",
        var s => s,
    };

    /// <summary>
    /// hls4ml's 'auto' pipeline style: DATAFLOW for io_stream (layers are processes connected by FIFOs), for a model
    /// whose strategy is Resource (as hls4ml decides it from the model-level setting, even when no layer implements
    /// Resource) and when a convolution is computed in several pixel partitions or a layer uses the Resource strategy
    /// (each pipelines on its own); PIPELINE otherwise (Unrolled layers are pipelined at their reuse factor inside it).
    /// </summary>
    private static string PipelineStyle(ModelGraph graph, HlsConfig config) =>
        config.IOType == "io_stream" || config.Strategy == "Resource"
        || graph.Layers.Any(l => l.Get("n_partitions", 1) > 1 || l.Get("strategy", "Latency") == "Resource")
            ? "dataflow" : "pipeline";

    private static WeightModel DescribeWeight(Layer layer, string slot, WeightVariable w, string var, string typeName, Precision precision, bool bram) => new(
        Var: var,
        Layer: GeneratedText.CppComment(layer.Name),
        Description: slot,
        Guard: var.ToUpperInvariant(),
        Type: typeName,
        Size: w.Data.Length,
        Shape: string.Join(",", w.Shape),
        Min: w.Data.Length == 0 ? "0" : w.Data.Min().ToString("R", CultureInfo.InvariantCulture),
        Max: w.Data.Length == 0 ? "0" : w.Data.Max().ToString("R", CultureInfo.InvariantCulture),
        Zeros: w.Data.Count(x => x == 0),
        Values: FormatValues(w.Data, precision),
        Bram: bram);

    /// <summary>
    /// Weight text as hls4ml writes it: fixed types with as many decimals as fractional bits (every value of the type
    /// prints exactly), integers without decimals, floats round-trippable.
    /// </summary>
    public static string FormatValues(float[] data, Precision precision)
    {
        var sb = new StringBuilder(data.Length * 12);
        var format = precision is FloatPrecision ? "R" : "F" + precision.DecimalDigits.ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < data.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(precision is FloatPrecision ? data[i].ToString("R", CultureInfo.InvariantCulture)
                : ((double)data[i]).ToString(format, CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static void CopyTree(string from, string to, string relativeTo, List<string> files)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            var dest = Path.Combine(to, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest, true);
            files.Add($"{relativeTo}/{rel.Replace('\\', '/')}");
        }
    }

    /// <summary>
    /// Content hash of a generated project (the files its manifest lists), used by CSim to reuse compiled binaries.
    /// Tool outputs in the folder (synthesis projects, logs) are not part of it.
    /// </summary>
    public static string HashTree(string dir) => HashTree(dir, _ => true);

    /// <summary>As <see cref="HashTree(string)"/>, over the generated files (relative paths) the filter keeps.</summary>
    public static string HashTree(string dir, Func<string, bool> include)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var manifest = Path.Combine(dir, ManifestFile);
        IEnumerable<string> files = File.Exists(manifest)
            ? Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(manifest))["files"]!.Values<string>().Select(f => f!)
            : Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'));
        foreach (var rel in files.Order(StringComparer.Ordinal))
        {
            if (rel.StartsWith("tb_data/", StringComparison.Ordinal) || !include(rel)) continue;
            var path = Path.Combine(dir, rel);
            if (!File.Exists(path)) continue;
            sha.AppendData(Encoding.UTF8.GetBytes(rel));
            sha.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
