using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PureHDF.VOL.Native;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// Reads a Keras 2 model into a <see cref="ModelGraph"/>: an architecture <c>.json</c> with its <c>save_weights</c>
/// HDF5 file, or a full-model <c>.h5</c> (<c>model.save</c>). Each Keras layer is turned into IR layers by the
/// handler registered for its class_name, so the supported layers are exactly what the registry holds.
/// Every problem with the input is raised as an <see cref="HlsException"/> with an HLS01xx code.
/// </summary>
public static class KerasModelReader
{
    /// <summary>Model file extensions this reader accepts.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = new[] { ".json", ".h5", ".hdf5", ".keras" };

    /// <param name="modelPath">Architecture <c>.json</c>, or full-model <c>.h5</c>/<c>.hdf5</c>.</param>
    /// <param name="weightsPath">The weights HDF5 for a <c>.json</c> (required); optional for a full model, where it replaces the stored weights.</param>
    /// <param name="registry">Keras handlers and IR layer definitions (usually <see cref="HlsRegistry.CreateDefault"/> plus extensions).</param>
    public static ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (string.IsNullOrWhiteSpace(modelPath))
            throw new HlsException(DiagnosticCodes.ModelFileNotFound, "no model file was given.");

        var extension = Path.GetExtension(modelPath).ToLowerInvariant();
        if (!SupportedExtensions.Contains(extension))
            throw new HlsException(DiagnosticCodes.UnsupportedModelFormat, UnsupportedFormatMessage(modelPath, extension), modelPath);
        RequireFile(modelPath, "model");
        if (!string.IsNullOrWhiteSpace(weightsPath)) RequireFile(weightsPath, "weights");
        else weightsPath = null;

        JObject modelJson;
        IKerasWeightSource weights;
        if (extension == ".keras")
        {
            (modelJson, weights) = KerasV3Archive.Open(modelPath, weightsPath);
        }
        else if (extension == ".json")
        {
            if (weightsPath is null)
                throw new HlsException(DiagnosticCodes.MissingWeights,
                    $"'{modelPath}' is an architecture-only Keras JSON and holds no weights; also pass the HDF5 file written by model.save_weights() (Weights=\"..._weights.h5\"), or use a full-model .h5 from model.save().",
                    modelPath);
            modelJson = ParseJson(ReadText(modelPath), modelPath, "the file");
            weights = KerasWeightsFile.Open(weightsPath);
        }
        else
        {
            (modelJson, weights) = OpenFullModel(modelPath, weightsPath);
        }

        using (weights)
            return Convert(modelJson, weights, modelPath, registry);
    }

    private static ModelGraph Convert(JObject modelJson, IKerasWeightSource weights, string modelPath, HlsRegistry registry)
    {
        var architecture = KerasArchitecture.Parse(modelJson, modelPath);
        CheckSupported(architecture, registry, modelPath);
        architecture.ThrowIfUnsupportedGraph();

        var graph = new ModelGraph
        {
            Name = string.IsNullOrWhiteSpace(architecture.Name) ? Path.GetFileNameWithoutExtension(modelPath) : architecture.Name!,
            SourceFile = modelPath,
        };
        var conversion = new KerasConversion
        {
            Graph = graph,
            Registry = registry,
            Weights = weights,
            SourceFile = modelPath,
            KerasLayerNames = architecture.Layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal),
        };

        // Output tensor of every converted Keras layer.
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in architecture.Layers)
        {
            var inputs = spec.InboundLayers.Select(n => outputs[n]).ToArray();
            outputs[spec.Name] = ConvertLayer(conversion, spec, inputs, registry.KerasHandler(spec.ClassName)!);
        }

        foreach (var inputLayer in architecture.InputLayers)
        {
            var input = outputs[inputLayer];
            var inputProducer = graph.Producer(input);
            if (inputProducer?.Type != "Input")
                throw new HlsException(DiagnosticCodes.UnsupportedGraph,
                    $"the model input '{inputLayer}' did not become an Input layer (got {inputProducer?.Type ?? "nothing"}).", modelPath, inputLayer);
            graph.Inputs.Add(input);
        }
        foreach (var outputLayer in architecture.OutputLayers)
            graph.Outputs.Add(outputs[outputLayer]);
        graph.Renumber();
        return graph;
    }

    /// <summary>Runs the handler of one Keras layer and returns the tensor that stands for its output.</summary>
    private static string ConvertLayer(KerasConversion conversion, KerasLayerSpec spec, string[] inputs, IKerasLayerHandler handler)
    {
        var context = new KerasLayerContextImpl(conversion, spec, inputs);
        try
        {
            handler.Parse(context);
        }
        catch (HlsException e) when (e.Diagnostic.File is null || e.Diagnostic.Layer is null)
        {
            // Definitions raise errors without knowing the file; say where.
            throw new HlsException(e.Diagnostic with { File = e.Diagnostic.File ?? conversion.SourceFile, Layer = e.Diagnostic.Layer ?? spec.Name }, e);
        }
        catch (Exception e) when (e is not HlsException)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"the {spec.ClassName} layer could not be converted by {handler.GetType().Name}: {e.Message}",
                conversion.SourceFile, 0, spec.Name), e);
        }
        if (context.Output is not null) return context.Output;
        // A handler that adds nothing (a no-op layer) passes its single input through.
        if (inputs.Length == 1) return inputs[0];
        throw new HlsException(DiagnosticCodes.UnsupportedGraph,
            $"the handler for {spec.ClassName} ({handler.GetType().Name}) produced no output for a layer with {inputs.Length} inputs.",
            conversion.SourceFile, spec.Name);
    }

    /// <summary>Fails on the first layer without a handler, naming every unsupported layer of the model at once.</summary>
    private static void CheckSupported(KerasArchitecture architecture, HlsRegistry registry, string modelPath)
    {
        var unsupported = architecture.Layers.Where(l => registry.KerasHandler(l.ClassName) is null).ToList();
        if (unsupported.Count == 0) return;
        var first = unsupported[0];
        var supported = string.Join(", ", registry.KerasClassNames.Order(StringComparer.Ordinal));
        const int shown = 8;
        var rest = unsupported.Skip(1).ToList();
        var others = rest.Count == 0 ? ""
            : $" Other unsupported layers in this model: {string.Join(", ", rest.Take(shown).Select(l => $"'{l.Name}' ({l.ClassName})"))}" +
              (rest.Count > shown ? $" and {rest.Count - shown} more." : ".");
        throw new HlsException(DiagnosticCodes.UnsupportedLayer,
            $"Keras class '{first.ClassName}' (layer '{first.Name}') is not supported. Supported Keras classes: {supported}.{others} " +
            $"To support '{first.ClassName}', write an extension that registers an IKerasLayerHandler for it (plus its IR layer definition and templates).",
            modelPath, first.Name);
    }

    private static (JObject Json, IKerasWeightSource Weights) OpenFullModel(string modelPath, string? weightsPath)
    {
        var file = Hdf5.Open(modelPath);
        try
        {
            if (!Hdf5.AttributeExists(file, "model_config"))
            {
                var what = Hdf5.AttributeExists(file, "layer_names")
                    ? "it holds only weights (written by model.save_weights()); pass the architecture .json from model.to_json() as the model and this file as its weights"
                    : "it has no 'model_config' attribute, so it is not a model saved by Keras model.save()";
                throw new HlsException(DiagnosticCodes.UnreadableModelFile, $"'{modelPath}' cannot be read as a Keras model: {what}.", modelPath);
            }
            var json = ParseJson(Hdf5.ReadString(file, "model_config", modelPath), modelPath, "its 'model_config' attribute");
            if (weightsPath is not null)
            {
                file.Dispose();
                return (json, KerasWeightsFile.Open(weightsPath));
            }
            return (json, KerasWeightsFile.FromModelFile(file, modelPath));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void RequireFile(string path, string role)
    {
        if (File.Exists(path)) return;
        var full = Path.GetFullPath(path);
        var hint = Directory.Exists(path) ? " (it is a directory)" : "";
        throw new HlsException(DiagnosticCodes.ModelFileNotFound, $"the {role} file '{path}' does not exist{hint} (looked for {full}).", path);
    }

    private static string ReadText(string path)
    {
        try
        {
            if (new FileInfo(path).Length > KerasV3Archive.MaxConfigBytes)
                throw new HlsException(DiagnosticCodes.InputTooLarge,
                    $"'{path}' is {new FileInfo(path).Length:N0} bytes; a model JSON over {KerasV3Archive.MaxConfigBytes >> 20} MiB is not read.", path);
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsException(DiagnosticCodes.UnreadableModelFile, $"'{path}' cannot be read: {e.Message}", path);
        }
    }

    /// <summary>Parses a model JSON text (HLS0102 with the line on bad JSON, HLS0121 past 64 MiB).</summary>
    internal static JObject ParseJson(string text, string path, string what)
    {
        if (text.Length > KerasV3Archive.MaxConfigBytes)
            throw new HlsException(DiagnosticCodes.InputTooLarge,
                $"'{path}': {what} holds {text.Length:N0} characters of JSON; the limit is {KerasV3Archive.MaxConfigBytes >> 20} MiB.", path);
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader);
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment)
                    throw new JsonReaderException($"unexpected content after the end of the JSON value (line {reader.LineNumber})");
            if (token is JObject o) return o;
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' cannot be read as a Keras model: {what} holds a JSON {token.Type}, not the object model.to_json() writes.", path);
        }
        catch (JsonException e)
        {
            var line = e is JsonReaderException r ? r.LineNumber : 0;
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' cannot be read as a Keras model: {what} is not valid JSON ({e.Message}).", path, line), e);
        }
    }

    private static string UnsupportedFormatMessage(string path, string extension) => extension switch
    {
        ".onnx" => $"'{path}' is an ONNX model, which the ONNX reader converts; the Keras reader reads .json + weights .h5, a full-model .h5 or a .keras archive.",
        ".pt" or ".pth" => $"'{path}' is a PyTorch checkpoint, which holds no graph; export the model with torch.onnx.export and use the .onnx file.",
        "" => $"'{path}' has no file extension; expected a Keras .json (with a weights .h5) or a full-model .h5.",
        _ => $"'{path}' has extension '{extension}'; expected a Keras .json (with a weights .h5) or a full-model .h5.",
    };
}
