using System.Reflection;
using Hls4ml.Diagnostics;

namespace Hls4ml.Extensibility;

/// <summary>Implemented by a built-in or extension assembly to register its layers, once per stage.</summary>
public interface IHlsExtension
{
    void Register(HlsRegistry registry);
}

/// <summary>Marks the registration class of an extension assembly (one per assembly is typical).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class HlsExtensionAttribute(Type registrationType) : Attribute
{
    public Type RegistrationType { get; } = registrationType;
}

/// <summary>
/// The registries of every stage: Keras class name → handler, IR type → definition, (backend, io type, IR type) →
/// templates. Built-in layers are registered through <see cref="IHlsExtension"/> exactly like plugins, so supported-layer
/// lists are derived from here. Registering a name twice is an error unless the second registration says override.
/// </summary>
public sealed class HlsRegistry
{
    private readonly Dictionary<string, (IKerasLayerHandler Handler, string Source)> _keras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IOnnxOpHandler Handler, string Source)> _onnx = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LayerDefinition Definition, string Source)> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Backend, string IOType, string Layer), (LayerTemplate Template, string Source)> _templates = new();
    private readonly Dictionary<string, (Ir.Layers.Activations.ActivationFunction Function, string Source)> _activations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _activationAliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Backends.BackendDefinition Backend, string Source)> _backends = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (Frontends.IModelReader Reader, string Source)> _modelReaders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<(Passes.IPass Pass, string Source)>> _flows = new(StringComparer.Ordinal);
    private string _currentSource = "Hls4ml.Core";
    private string? _currentDirectory;

    /// <summary>
    /// Folder of the extension being registered (where its DLL, templates and headers are), or null for built-ins.
    /// Templates registered by an extension default to this folder for their Scriban files and C++ headers.
    /// </summary>
    public string? ExtensionDirectory => _currentDirectory;

    public IReadOnlyCollection<string> KerasClassNames => _keras.Keys;
    /// <summary>ONNX op types with a handler (default domain plain, others as 'domain:OpType').</summary>
    public IReadOnlyCollection<string> OnnxOpTypes => _onnx.Keys;
    public IReadOnlyCollection<string> LayerTypes => _layers.Keys;
    public IReadOnlyList<string> LoadedExtensions => _loaded;
    /// <summary>Flows passes are registered in (built-in: "convert", "backend").</summary>
    public IReadOnlyCollection<string> FlowNames => _flows.Keys;
    private readonly List<string> _loaded = new();

    /// <summary>The registry with every built-in layer.</summary>
    public static HlsRegistry CreateDefault()
    {
        var r = new HlsRegistry();
        r.LoadAssembly(typeof(HlsRegistry).Assembly, "Hls4ml.Core");
        return r;
    }

    public void AddKerasHandler(IKerasLayerHandler handler, bool overrideExisting = false)
    {
        foreach (var name in handler.ClassNames)
        {
            if (_keras.TryGetValue(name, out var existing) && !overrideExisting)
                throw Conflict("Keras class", name, existing.Source);
            _keras[name] = (handler, _currentSource);
        }
    }

    public void AddLayer(LayerDefinition definition, bool overrideExisting = false)
    {
        if (_layers.TryGetValue(definition.TypeName, out var existing) && !overrideExisting)
            throw Conflict("IR layer type", definition.TypeName, existing.Source);
        _layers[definition.TypeName] = (definition, _currentSource);
    }

    public void AddTemplate(LayerTemplate template, bool overrideExisting = false)
    {
        if (_currentDirectory is not null)
            template = template with { TemplateRoot = template.TemplateRoot ?? _currentDirectory, HeaderRoot = template.HeaderRoot ?? _currentDirectory };
        var key = (template.Backend, template.IOType, template.LayerType);
        if (_templates.TryGetValue(key, out var existing) && !overrideExisting)
            throw Conflict($"{template.Backend}/{template.IOType} template for", template.LayerType, existing.Source);
        _templates[key] = (template, _currentSource);
    }

    /// <summary>
    /// Registers an io_parallel template and its io_stream twin, which reuses the same config and call templates: the
    /// stream headers overload the layer's kernels on hls::stream arguments, so the call line is the same.
    /// </summary>
    public void AddTemplateWithStream(LayerTemplate parallel, params string[] streamHeaders)
    {
        AddTemplate(parallel);
        AddTemplate(parallel with { IOType = "io_stream", Headers = streamHeaders });
    }

    /// <summary>
    /// Registers an element-wise activation for the Activation layer (and the Keras spellings that alias it). An
    /// extension's headers default to its folder.
    /// </summary>
    public void AddActivation(Ir.Layers.Activations.ActivationFunction function, IEnumerable<string>? aliases = null, bool overrideExisting = false)
    {
        if (_activations.TryGetValue(function.Name, out var existing) && !overrideExisting)
            throw Conflict("activation", function.Name, existing.Source);
        if (function.Headers is { Count: > 0 } && function.HeaderRoot is null && _currentDirectory is not null)
            function = function with { HeaderRoot = _currentDirectory };
        _activations[function.Name] = (function, _currentSource);
        foreach (var alias in aliases ?? Array.Empty<string>()) _activationAliases[alias] = function.Name;
    }

    /// <summary>The activation with this IR name, or null.</summary>
    public Ir.Layers.Activations.ActivationFunction? Activation(string name) => _activations.TryGetValue(name, out var f) ? f.Function : null;

    /// <summary>The IR activation name for a Keras spelling (aliases resolved), or null when none is registered.</summary>
    public string? CanonicalActivation(string kerasName)
    {
        var name = _activationAliases.GetValueOrDefault(kerasName, kerasName);
        return _activations.ContainsKey(name) ? name : null;
    }

    /// <summary>Registered activation names and their aliases, sorted.</summary>
    public IReadOnlyList<string> ActivationNames => _activations.Keys.Concat(_activationAliases.Keys).Order(StringComparer.Ordinal).ToList();

    /// <summary>Registers a backend (HlsBackend value, template chain, tools).</summary>
    public void AddBackend(Backends.BackendDefinition backend, bool overrideExisting = false)
    {
        if (_backends.TryGetValue(backend.Name, out var existing) && !overrideExisting)
            throw Conflict("backend", backend.Name, existing.Source);
        _backends[backend.Name] = (backend, _currentSource);
    }

    public IReadOnlyList<Backends.BackendDefinition> Backends => _backends.Values.Select(b => b.Backend).ToList();

    /// <summary>The backend an HlsBackend value names (any casing); HLS0301-style error listing the registered ones.</summary>
    public Backends.BackendDefinition Backend(string name, string? projectFile = null) =>
        _backends.TryGetValue(name, out var b) ? b.Backend
        : throw new HlsException(DiagnosticCodes.UnknownBackend,
            $"HlsBackend '{name}' is not supported (supported: {string.Join(", ", _backends.Values.Select(v => v.Backend.Name))}).", projectFile);

    /// <summary>Registers a model file format for each of its extensions.</summary>
    public void AddModelReader(Frontends.IModelReader reader, bool overrideExisting = false)
    {
        foreach (var ext in reader.Extensions)
        {
            if (_modelReaders.TryGetValue(ext, out var existing) && !overrideExisting)
                throw Conflict("model file extension", ext, existing.Source);
            _modelReaders[ext] = (reader, _currentSource);
        }
    }

    /// <summary>Every registered model format (each once).</summary>
    public IReadOnlyList<Frontends.IModelReader> ModelReaders => _modelReaders.Values.Select(r => r.Reader).Distinct().ToList();

    /// <summary>
    /// The reader for a model file: by its extension, else the first format that recognizes its leading bytes
    /// (a model saved without the usual extension); null when none does.
    /// </summary>
    public Frontends.IModelReader? ModelReader(string modelPath)
    {
        if (_modelReaders.TryGetValue(Path.GetExtension(modelPath), out var byExtension)) return byExtension.Reader;
        // Size 0 also covers FIFOs and devices, which must not be opened (a read could block forever).
        if (!File.Exists(modelPath) || new FileInfo(modelPath).Length == 0) return null;
        var head = new byte[64];
        int n;
        try
        {
            using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return ModelReaders.FirstOrDefault(r => r.Recognizes(head.AsSpan(0, n)));
    }

    /// <summary>Defines an empty flow that passes can then be added to.</summary>
    public void AddFlow(string name)
    {
        if (_flows.ContainsKey(name)) throw Conflict("pass flow", name, "an earlier registration");
        _flows[name] = new();
    }

    /// <summary>
    /// Adds a pass to a flow: at the end, or right after/before the named pass. Pass names are unique within a flow
    /// (an anchor must name exactly one pass); an unknown flow or anchor is HLS0603.
    /// </summary>
    public void AddPass(string flow, Passes.IPass pass, string? after = null, string? before = null, bool overrideExisting = false)
    {
        if (!_flows.TryGetValue(flow, out var passes))
            throw new HlsException(DiagnosticCodes.UnknownPassAnchor,
                $"'{_currentSource}' adds pass '{pass.Name}' to flow '{flow}', which does not exist (flows: {string.Join(", ", _flows.Keys)}).");
        if (after is not null && before is not null)
            throw new HlsException(DiagnosticCodes.UnknownPassAnchor, $"'{_currentSource}' adds pass '{pass.Name}' both after '{after}' and before '{before}'; give one anchor.");
        var existing = passes.FindIndex(p => p.Pass.Name == pass.Name);
        if (existing >= 0)
        {
            if (!overrideExisting) throw Conflict($"pass in flow '{flow}'", pass.Name, passes[existing].Source);
            passes[existing] = (pass, _currentSource);
            return;
        }
        int At(string anchor, int offset)
        {
            var i = passes.FindIndex(p => p.Pass.Name == anchor);
            return i >= 0 ? i + offset : throw new HlsException(DiagnosticCodes.UnknownPassAnchor,
                $"'{_currentSource}' adds pass '{pass.Name}' next to '{anchor}', which flow '{flow}' does not have (passes: {string.Join(", ", passes.Select(p => p.Pass.Name))}).");
        }
        passes.Insert(after is not null ? At(after, 1) : before is not null ? At(before, 0) : passes.Count, (pass, _currentSource));
    }

    /// <summary>A copy of a flow's passes in order (changing it does not change the registry).</summary>
    public Passes.PassFlow Flow(string name) => _flows.TryGetValue(name, out var passes)
        ? new Passes.PassFlow(name, passes.Select(p => p.Pass))
        : throw new HlsException(DiagnosticCodes.UnknownPassAnchor, $"pass flow '{name}' does not exist (flows: {string.Join(", ", _flows.Keys)}).");

    /// <summary>The registered pass that declares it computes a layer attribute (<see cref="Passes.IPass.Computes"/>), or null.</summary>
    public (string Flow, Passes.IPass Pass, Passes.ComputedAttribute Attribute)? ComputedBy(string attribute)
    {
        foreach (var (flow, passes) in _flows)
            foreach (var (pass, _) in passes)
                if (pass.Computes.FirstOrDefault(a => a.Name == attribute) is { } declared) return (flow, pass, declared);
        return null;
    }

    /// <summary>Which assembly registered each pass of a flow (for listings and conflict messages).</summary>
    public IReadOnlyList<(string Pass, string Source)> FlowSources(string name) =>
        (_flows.TryGetValue(name, out var passes) ? passes : throw new HlsException(DiagnosticCodes.UnknownPassAnchor, $"pass flow '{name}' does not exist."))
        .Select(p => (p.Pass.Name, p.Source)).ToList();

    public IKerasLayerHandler? KerasHandler(string className) => _keras.TryGetValue(className, out var h) ? h.Handler : null;

    /// <summary>Registers an ONNX op handler for each of its op types (the ONNX counterpart of AddKerasHandler).</summary>
    public void AddOnnxHandler(IOnnxOpHandler handler, bool overrideExisting = false)
    {
        foreach (var name in handler.OpTypes)
        {
            if (_onnx.TryGetValue(name, out var existing) && !overrideExisting)
                throw Conflict("ONNX op type", name, existing.Source);
            _onnx[name] = (handler, _currentSource);
        }
    }

    /// <summary>The handler for an ONNX op type ('domain:OpType' outside the default domain), or null.</summary>
    public IOnnxOpHandler? OnnxHandler(string opType) => _onnx.TryGetValue(opType, out var h) ? h.Handler : null;

    public LayerDefinition? Layer(string type) => _layers.TryGetValue(type, out var d) ? d.Definition : null;

    public LayerDefinition RequireLayer(string type, string? layerName = null) => Layer(type)
        ?? throw new HlsException(DiagnosticCodes.UnknownLayerType,
            $"IR layer type '{type}' is not registered (known: {string.Join(", ", _layers.Keys.Order())}).", layer: layerName);

    /// <summary>Template for a layer: the backend's own registration wins over the shared ("*") one.</summary>
    public LayerTemplate? Template(string backend, string ioType, string layerType) =>
        _templates.TryGetValue((backend, ioType, layerType), out var t) ? t.Template
        : _templates.TryGetValue(("*", ioType, layerType), out var s) ? s.Template : null;

    /// <summary>Loads every IHlsExtension of an assembly (declared with [assembly: HlsExtension] or, failing that, all public ones).</summary>
    public void LoadAssembly(Assembly assembly, string? sourceName = null, string? directory = null)
    {
        var declared = assembly.GetCustomAttributes<HlsExtensionAttribute>().Select(a => a.RegistrationType).ToList();
        var types = declared.Count > 0 ? declared : assembly.GetExportedTypes()
            .Where(t => typeof(IHlsExtension).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface).ToList();
        var (previous, previousDirectory) = (_currentSource, _currentDirectory);
        _currentSource = sourceName ?? assembly.GetName().Name ?? assembly.FullName ?? "extension";
        _currentDirectory = directory;
        try
        {
            foreach (var t in types)
            {
                if (Activator.CreateInstance(t) is not IHlsExtension ext)
                    throw new HlsException(DiagnosticCodes.ExtensionLoadFailed, $"{t.FullName} does not implement IHlsExtension.", assembly.Location);
                try
                {
                    ext.Register(this);
                }
                catch (Exception e) when (e is not HlsException)
                {
                    throw new HlsException(DiagnosticCodes.ExtensionLoadFailed,
                        $"{t.FullName}.Register failed: {e.GetType().Name}: {e.Message}", assembly.Location.Length > 0 ? assembly.Location : _currentDirectory);
                }
            }
            _loaded.Add(_currentSource);
        }
        finally { (_currentSource, _currentDirectory) = (previous, previousDirectory); }
    }

    private HlsException Conflict(string what, string name, string existingSource) =>
        new(DiagnosticCodes.RegistrationConflict,
            $"{what} '{name}' is registered by both '{existingSource}' and '{_currentSource}'. Pass overrideExisting: true in '{_currentSource}' if replacing it is intended.");
}
