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
            foreach (var w in (List<Dictionary<string, object?>>)model["weights"]!)
            {
                Emit($"firmware/weights/{w["var"]}.txt", (string)w["values"]!);
                Emit($"firmware/weights/{w["var"]}.h", _engine.Render(ProjectTemplate(backend, "firmware/weight.h.sbn"),
                    new Dictionary<string, object?> { ["w"] = w, ["project"] = model["project"] }));
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
                ["streams"] = Newtonsoft.Json.Linq.JObject.FromObject(model["stream_ends"]!),
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

    private string Render(BackendDefinition backend, string template, Dictionary<string, object?> model) =>
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

    /// <summary>The template model: project settings, ports, types, weights and per-layer rendered C++.</summary>
    private Dictionary<string, object?> BuildModel(ModelGraph graph, HlsConfig config, BackendDefinition backend)
    {
        bool stream = config.IOType == "io_stream";
        var tensorVar = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensorType = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new List<Dictionary<string, object?>>();
        var typeNames = new HashSet<string>(StringComparer.Ordinal);
        void AddType(string name, string cpp)
        {
            if (typeNames.Add(name)) types.Add(new() { ["name"] = name, ["cpp"] = cpp });
        }
        // io_parallel: a tensor's type is its element type; io_stream: the stream word (the tensor's last axis).
        void AddTensorType(string name, string tensor, Precision p) =>
            AddType(name, stream ? $"nnet::array<{p.ToCpp()}, {StreamPack(graph.Tensor(tensor))}>" : p.ToCpp());

        int inputNo = 0;
        foreach (var layer in graph.Layers.Where(l => l.Type == "Input"))
        {
            var t = inputNo == 0 ? "input_t" : $"input{inputNo + 1}_t";
            inputNo++;
            // Never the bare model name: an input named w2, int or layer2_out would shadow or break generated C++.
            var part = GeneratedText.IdentifierPart(layer.Name);
            tensorVar[layer.Outputs[0]] = $"in{inputNo}_{(part.Length == 0 ? "input" : part)}";
            tensorType[layer.Outputs[0]] = t;
            AddTensorType(t, layer.Outputs[0], layer.Types["result"]);
        }
        for (int i = 0; i < graph.Outputs.Count; i++)
        {
            var producer = graph.Producer(graph.Outputs[i]) ?? throw new InvalidOperationException($"Output {graph.Outputs[i]} has no producer.");
            if (producer.Type == "Input") continue;
            tensorVar[graph.Outputs[i]] = $"layer{producer.Index}_out";
            tensorType[graph.Outputs[i]] = i == 0 ? "result_t" : $"result{i + 1}_t";
            AddTensorType(tensorType[graph.Outputs[i]], graph.Outputs[i], producer.Types["result"]);
        }
        foreach (var layer in graph.Layers.Where(l => l.Type != "Input"))
            if (!tensorVar.ContainsKey(layer.Outputs[0]))
            {
                tensorVar[layer.Outputs[0]] = $"layer{layer.Index}_out";
                tensorType[layer.Outputs[0]] = $"layer{layer.Index}_t";
                AddTensorType(tensorType[layer.Outputs[0]], layer.Outputs[0], layer.Types["result"]);
            }
        var fanOut = stream ? new StreamFanOut(graph, tensorVar, tensorType) : null;
        string InputVar(Layer consumer, int i) => fanOut?.ReaderVar(consumer, i) ?? tensorVar[consumer.Inputs[i]];

        var headers = new List<string>();
        var definitions = new List<string>();
        var weights = new List<Dictionary<string, object?>>();
        var layers = new List<Dictionary<string, object?>>();
        foreach (var layer in graph.Layers)
        {
            var output = layer.Outputs[0];
            if (layer.Type == "Input")
            {
                // An input read by several layers: its clones (and their streams) open the network.
                if (fanOut?.Clones(output) is { Count: > 0 } inputClones)
                    layers.Add(new() { ["name"] = GeneratedText.CppComment(layer.Name), ["type"] = layer.Type, ["index"] = layer.Index, ["streams"] = fanOut.Declarations(output),
                        ["arrays"] = Array.Empty<object>(), ["clones"] = inputClones, ["function_cpp"] = "", ["config_cpp"] = "" });
                continue;
            }

            var template = RequireTemplate(backend, config.IOType, layer);
            foreach (var h in template.Headers.Concat(_registry.RequireLayer(layer.Type, layer.Name).Headers(layer).Select(x => x.Header)))
                if (!headers.Contains(h)) headers.Add(h);

            var slotTypes = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (slot, p) in layer.Types)
            {
                if (slot == "result") { slotTypes[slot] = tensorType[output]; continue; }
                var typeName = $"{slot}{layer.Index}_t";
                AddType(typeName, p.ToCpp());
                slotTypes[slot] = typeName;
            }
            var weightVars = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (slot, w) in layer.Weights)
            {
                var var = (slot switch { "weight" => "w", "bias" => "b", _ => slot }) + layer.Index;
                weightVars[slot] = var;
                var precision = w.Precision ?? config.DefaultPrecision;
                var described = DescribeWeight(layer, slot, w, var, slotTypes.TryGetValue(slot, out var tn) ? (string)tn! : config.DefaultPrecision.ToCpp(), precision);
                // hls4ml's BramFactor: large weights become top-level BRAM ports filled by the surrounding design.
                described["bram"] = w.Data.Length > config.BramFactor;
                weights.Add(described);
            }

            var outputTensor = graph.Tensor(output);
            var producedVar = fanOut?.SourceVar(output) ?? tensorVar[output];
            var ctx = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (k, v) in layer.Attributes) if (!k.StartsWith('_')) ctx[k] = CheckedAttribute(layer, k, v);
            ctx["index"] = layer.Index;
            ctx["name"] = GeneratedText.CppComment(layer.Name);
            ctx["type"] = layer.Type;
            ctx["input"] = InputVar(layer, 0);
            ctx["inputs"] = layer.Inputs.Select((_, i) => InputVar(layer, i)).ToList();
            ctx["input_t"] = tensorType[layer.Inputs[0]];
            ctx["input_types"] = layer.Inputs.Select(i => tensorType[i]).ToList();
            ctx["input_size"] = graph.Tensor(layer.Inputs[0]).Size;
            ctx["input_packs"] = layer.Inputs.Select(i => StreamPack(graph.Tensor(i))).ToList();
            ctx["output"] = producedVar;
            ctx["output_t"] = tensorType[output];
            ctx["output_size"] = outputTensor.Size;
            ctx["output_pack"] = StreamPack(outputTensor);
            ctx["n_words"] = outputTensor.Size / StreamPack(outputTensor);
            ctx["types"] = slotTypes;
            ctx["weights"] = weightVars;
            ctx["io_type"] = config.IOType;
            ctx["backend"] = backend.Name;
            ctx["reuse_factor"] = layer.Get("reuse_factor", config.ReuseFactor);
            ctx["strategy_cpp"] = StrategyCpp(layer.Get("strategy", config.Strategy));

            // Every variable each template reads is checked before anything renders (HLS0303 names what is missing).
            foreach (var relative in new[] { template.ConfigTemplate, template.FunctionTemplate, template.DefinitionTemplate })
                if (!string.IsNullOrEmpty(relative)) CheckTemplateVariables(layer, relative, LayerTemplatePath(backend, template, relative), ctx);
            string RenderLayer(string relative)
            {
                try { return _engine.Render(LayerTemplatePath(backend, template, relative), ctx); }
                catch (HlsException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.TemplateError && e.Diagnostic.Layer is null)
                {
                    // A variable read in a branch that ran (not checked statically): the same error, with the layer named.
                    throw new HlsException(DiagnosticCodes.TemplateError,
                        $"layer '{GeneratedText.CppComment(layer.Name)}' ({layer.Type}): {e.Diagnostic.Message}", e.Diagnostic.File, layer.Name);
                }
            }
            if (!string.IsNullOrEmpty(template.DefinitionTemplate))
                definitions.Add(RenderLayer(template.DefinitionTemplate).Trim());
            bool isOutput = graph.Outputs.Contains(output);
            layers.Add(new()
            {
                ["name"] = GeneratedText.CppComment(layer.Name),
                ["type"] = layer.Type,
                ["index"] = layer.Index,
                // io_parallel: a completely partitioned array per internal tensor; io_stream: a FIFO per internal stream.
                ["arrays"] = stream || isOutput ? Array.Empty<object>()
                    : new object[] { new Dictionary<string, object?> { ["var"] = tensorVar[output], ["type"] = tensorType[output], ["size"] = outputTensor.Size } },
                ["streams"] = fanOut?.Declarations(output, layer.Get<int?>("fifo_depth", null)) ?? (object)Array.Empty<object>(),
                ["clones"] = fanOut?.Clones(output) ?? (object)Array.Empty<object>(),
                ["config_cpp"] = template.ConfigTemplate.Length == 0 ? "" : RenderLayer(template.ConfigTemplate).TrimEnd(),
                ["function_cpp"] = RenderLayer(template.FunctionTemplate).Trim(),
            });
        }

        var inputs = graph.Inputs.Select(t => Port(t)).ToList();
        var outputs = graph.Outputs.Select(t => Port(t)).ToList();
        Dictionary<string, object?> Port(string tensor) => new()
        {
            ["var"] = tensorVar[tensor], ["type"] = tensorType[tensor], ["size"] = graph.Tensor(tensor).Size,
            ["shape"] = graph.Tensor(tensor).Shape, ["pack"] = StreamPack(graph.Tensor(tensor)),
        };

        var uncertainty = config.ClockUncertainty ?? backend.DefaultClockUncertainty;
        return new Dictionary<string, object?>
        {
            ["project"] = new Dictionary<string, object?>
            {
                ["name"] = config.ProjectName,
                ["guard"] = config.ProjectName.ToUpperInvariant(),
                ["backend"] = backend.Name,
                ["tool"] = backend.Tool,
                ["part"] = config.Part,
                ["clock_period"] = config.ClockPeriod.ToString(CultureInfo.InvariantCulture),
                ["clock_uncertainty"] = uncertainty,
                ["io_type"] = config.IOType,
                ["stream"] = stream,
                ["version"] = config.Version,
                ["maximum_size"] = config.MaximumPartitionSize,
                ["pipeline_style"] = PipelineStyle(graph, config),
                ["source"] = GeneratedText.CppComment(graph.SourceFile is null ? graph.Name : Path.GetFileName(graph.SourceFile)),
                ["sdk_version"] = typeof(HlsWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            },
            ["inputs"] = inputs,
            ["outputs"] = outputs,
            ["ports"] = inputs.Concat(outputs).ToList(),
            ["types"] = types,
            ["headers"] = headers,
            ["definitions"] = definitions,
            ["weights"] = weights,
            ["bram_weights"] = weights.Where(w => (bool)w["bram"]!).ToList(),
            ["layers"] = layers,
            // Which layer writes and which reads each stream, so CSim can name both when a stream misbehaves.
            ["stream_ends"] = fanOut?.Ends ?? new Dictionary<string, string[]>(),
        };
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
    /// hls4ml's 'auto' pipeline style: DATAFLOW for io_stream (layers are processes connected by FIFOs) and when a
    /// convolution is computed in several pixel partitions or a layer uses the Resource strategy (each pipelines on its
    /// own); PIPELINE otherwise (Unrolled layers are pipelined at their reuse factor inside it).
    /// </summary>
    private static string PipelineStyle(ModelGraph graph, HlsConfig config) =>
        config.IOType == "io_stream" || graph.Layers.Any(l => l.Get("n_partitions", 1) > 1 || l.Get("strategy", "Latency") == "Resource")
            ? "dataflow" : "pipeline";

    private static Dictionary<string, object?> DescribeWeight(Layer layer, string slot, WeightVariable w, string var, string typeName, Precision precision)
    {
        var text = FormatValues(w.Data, precision);
        return new Dictionary<string, object?>
        {
            ["var"] = var,
            ["layer"] = GeneratedText.CppComment(layer.Name),
            ["description"] = slot,
            ["guard"] = var.ToUpperInvariant(),
            ["type"] = typeName,
            ["size"] = w.Data.Length,
            ["shape"] = string.Join(",", w.Shape),
            ["min"] = w.Data.Length == 0 ? "0" : w.Data.Min().ToString("R", CultureInfo.InvariantCulture),
            ["max"] = w.Data.Length == 0 ? "0" : w.Data.Max().ToString("R", CultureInfo.InvariantCulture),
            ["zeros"] = w.Data.Count(x => x == 0),
            ["values"] = text,
        };
    }

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
    public static string HashTree(string dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var manifest = Path.Combine(dir, ManifestFile);
        IEnumerable<string> files = File.Exists(manifest)
            ? Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(manifest))["files"]!.Values<string>().Select(f => f!)
            : Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'));
        foreach (var rel in files.Order(StringComparer.Ordinal))
        {
            if (rel.StartsWith("tb_data/", StringComparison.Ordinal)) continue;
            var path = Path.Combine(dir, rel);
            if (!File.Exists(path)) continue;
            sha.AppendData(Encoding.UTF8.GetBytes(rel));
            sha.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
