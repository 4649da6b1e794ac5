using System.Text.RegularExpressions;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Newtonsoft.Json.Linq;
using YamlDotNet.RepresentationModel;

namespace Hls4ml.Examples;

/// <summary>
/// The models of an example-model repository (hls4ml's example-models): <c>available_models.json</c> maps a framework
/// folder (keras, onnx, pytorch) to its file names. Every name is untrusted: it must be a plain file name (HLS0160).
/// </summary>
public sealed class ExampleListing
{
    private static readonly Regex PlainName = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$", RegexOptions.CultureInvariant);

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Frameworks { get; init; }

    /// <summary>Every model as framework/file.</summary>
    public IEnumerable<string> Models => Frameworks.SelectMany(f => f.Value.Select(m => $"{f.Key}/{m}"));

    public static ExampleListing Parse(string json, string source)
    {
        JObject root;
        try { root = JObject.Parse(json); }
        catch (Newtonsoft.Json.JsonException e)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.ExampleListingInvalid, $"{source} is not a JSON object: {e.Message}", source), e);
        }
        var frameworks = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (framework, value) in root)
        {
            RequirePlain(framework, source);
            if (value is not JArray files || files.Any(f => f.Type != JTokenType.String))
                throw new HlsException(DiagnosticCodes.ExampleListingInvalid, $"{source}: '{framework}' is not a list of file names.", source);
            var names = files.Select(f => (string)f!).ToList();
            foreach (var name in names) RequirePlain(name, source);
            frameworks[framework] = names;
        }
        return new ExampleListing { Frameworks = frameworks };
    }

    /// <summary>A name from a download may only be a plain file name: no folders, no '..', no leading dot.</summary>
    public static string RequirePlain(string name, string source) =>
        PlainName.IsMatch(name) && !name.Contains("..", StringComparison.Ordinal)
            ? name
            : throw new HlsException(DiagnosticCodes.UnsafeDownloadedName,
                $"{source} names '{GeneratedTextSafe(name)}', which is not a plain file name (letters, digits, '.', '_', '-'; no folders or '..').", source);

    private static string GeneratedTextSafe(string s) => new(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>The model a user means: a file name (KERAS_3layer.json) or its stem (KERAS_3layer); else HLS0029.</summary>
    public (string Framework, string File) Find(string name)
    {
        var matches = Frameworks.SelectMany(f => f.Value.Select(file => (f.Key, file)))
            .Where(m => m.file.Equals(name, StringComparison.Ordinal) || Path.GetFileNameWithoutExtension(m.file).Equals(name, StringComparison.Ordinal))
            .ToList();
        if (matches.Count == 1) return matches[0];
        var near = Models.Where(m => m.Contains(name, StringComparison.OrdinalIgnoreCase)).Take(8).ToList();
        throw new HlsException(DiagnosticCodes.UnknownExampleModel, matches.Count > 1
            ? $"'{name}' matches {string.Join(" and ", matches.Select(m => $"{m.Key}/{m.file}"))}; name the file with its extension."
            : $"'{name}' is not an example model{(near.Count > 0 ? $" (similar: {string.Join(", ", near)})" : "")}. Available: {string.Join(", ", Models)}.");
    }
}

/// <summary>A fetched example: the model file (and weights), and its configuration rewritten to name them.</summary>
public sealed record FetchedExample(string Name, string Framework, string Model, string? Weights, string ConfigFile);

/// <summary>
/// hls4ml's fetch_example_model: downloads a model, its weights and its configuration from an example-model repository
/// (raw files under a base URL), caches them, and rewrites the configuration to name the downloaded files. A model
/// whose files are cached is used without touching the network. Every failure is a coded error with the URL.
/// </summary>
public sealed class ExampleModelRepository
{
    public const string DefaultUrl = "https://raw.githubusercontent.com/fastmachinelearning/example-models/master/";
    /// <summary>Largest model or weights file downloaded (the largest example is a few MiB).</summary>
    public const long MaxModelBytes = 256L << 20;
    private const long MaxTextBytes = 4L << 20;

    private readonly Uri _baseUrl;
    private readonly HttpClient _client;

    public ExampleModelRepository(string baseUrl, string cacheDirectory, HttpClient? client = null)
    {
        var text = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new HlsException(DiagnosticCodes.ExampleDownloadFailed, $"HlsExampleModelsUrl '{baseUrl}' is not an http(s) URL.");
        _baseUrl = uri;
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _client = client ?? new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
    }

    public string CacheDirectory { get; }

    /// <summary>The repository's available_models.json (downloaded each time: it is small and changes).</summary>
    public ExampleListing List()
    {
        var url = Url("available_models.json");
        return ExampleListing.Parse(System.Text.Encoding.UTF8.GetString(Download(url, MaxTextBytes, out _)), url.ToString());
    }

    /// <summary>The example's files, from the cache when there, else downloaded (model, weights, configuration).</summary>
    public FetchedExample Fetch(string name)
    {
        CheckName(name);
        if (Cached(name) is { } cached) return cached;
        var (framework, file) = List().Find(name);
        var folder = Path.Combine(CacheDirectory, framework);
        Directory.CreateDirectory(folder);
        var stem = Path.GetFileNameWithoutExtension(file);
        var model = Save(Url(framework + "/" + file), Path.Combine(folder, file), MaxModelBytes);
        // hls4ml's convention: an architecture .json has its weights in <stem>_weights.h5 beside it.
        var weights = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Save(Url($"{framework}/{stem}_weights.h5"), Path.Combine(folder, stem + "_weights.h5"), MaxModelBytes)
            : null;
        // The model's own configuration, else the framework's template configuration (as fetch_example_model does).
        var configUrl = Url($"config-files/{stem}_config.yml");
        var configBytes = Download(configUrl, MaxTextBytes, out var status, allowNotFound: true);
        if (status == System.Net.HttpStatusCode.NotFound)
            configBytes = Download(Url($"{framework}-config.yml"), MaxTextBytes, out _);
        var config = Path.Combine(folder, stem + "_config.yml");
        WriteAtomically(config, RewriteConfig(System.Text.Encoding.UTF8.GetString(configBytes), framework, Path.GetFileName(model), weights is null ? null : Path.GetFileName(weights), configUrl.ToString()));
        return new FetchedExample(stem, framework, model, weights, config);
    }

    /// <summary>A previously fetched example (model, weights when needed, rewritten configuration), or null.</summary>
    public FetchedExample? Cached(string name)
    {
        CheckName(name);
        if (!Directory.Exists(CacheDirectory)) return null;
        foreach (var folder in Directory.GetDirectories(CacheDirectory))
        {
            var stem = Path.GetFileNameWithoutExtension(name);
            var config = Path.Combine(folder, stem + "_config.yml");
            if (!File.Exists(config)) continue;
            var candidates = Path.HasExtension(name) ? new[] { name } : new[] { stem + ".json", stem + ".onnx", stem + ".pt", stem + ".h5", stem + ".keras" };
            foreach (var candidate in candidates)
            {
                var model = Path.Combine(folder, candidate);
                if (!File.Exists(model)) continue;
                var weights = candidate.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.Combine(folder, stem + "_weights.h5") : null;
                if (weights is not null && !File.Exists(weights)) continue;
                return new FetchedExample(stem, Path.GetFileName(folder), model, weights, config);
            }
        }
        return null;
    }

    /// <summary>
    /// The downloaded configuration with its model keys replaced by the downloaded files' names, and the keys naming
    /// files or folders that were not downloaded (OutputDir, InputData, OutputPredictions) removed: a downloaded
    /// configuration never chooses where anything is read or written.
    /// </summary>
    public static string RewriteConfig(string text, string framework, string model, string? weights, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.ConfigFileUnreadable, $"the configuration downloaded from {source} cannot be parsed: {e.Message}", source), e);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable, $"the configuration downloaded from {source} is not a mapping of hls4ml keys.", source);
        var drop = new[] { "KerasJson", "KerasH5", "KerasModel", "OnnxModel", "PytorchModel", "OutputDir", "InputData", "OutputPredictions" };
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => drop.Contains(k.Value, StringComparer.OrdinalIgnoreCase)).ToList())
            root.Children.Remove(key);
        var modelKey = framework switch { "onnx" => "OnnxModel", "pytorch" => "PytorchModel", _ => weights is null ? "KerasModel" : "KerasJson" };
        var entries = new List<KeyValuePair<YamlNode, YamlNode>> { new(new YamlScalarNode(modelKey), new YamlScalarNode(model)) };
        if (weights is not null) entries.Add(new(new YamlScalarNode("KerasH5"), new YamlScalarNode(weights)));
        var rewritten = new YamlMappingNode(entries.Concat(root.Children));
        var writer = new StringWriter { NewLine = "\n" };
        writer.WriteLine($"# Downloaded from {source.Replace('\n', ' ')}; model keys name the downloaded files.");
        new YamlStream(new YamlDocument(rewritten)).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\n...\n", "\n");
    }

    /// <summary>
    /// Writes a ready project for the example into <paramref name="directory"/>: the model files and configuration
    /// copied from the cache and &lt;name&gt;.hlsproj reading the configuration. HLS0162 if the project exists.
    /// </summary>
    public static string WriteProject(FetchedExample example, string directory, string? sdkVersion, bool overwrite)
    {
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, HlsConfig.SanitizeName(example.Name) + ".hlsproj");
        if (File.Exists(project) && !overwrite)
            throw new HlsException(DiagnosticCodes.ExampleProjectExists, $"{project} already exists.", project);
        foreach (var file in new[] { example.Model, example.Weights, example.ConfigFile }.OfType<string>())
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        var sdk = sdkVersion is not null && Regex.IsMatch(sdkVersion, @"^[0-9]+(\.[0-9]+){1,3}(-[A-Za-z0-9.-]+)?$") ? $"Hls4ml.Sdk/{sdkVersion}" : "Hls4ml.Sdk";
        var xml = new System.Xml.Linq.XElement("Project", new System.Xml.Linq.XAttribute("Sdk", sdk),
            new System.Xml.Linq.XComment($" hls4ml example model {example.Framework}/{Path.GetFileName(example.Model)} with its configuration (written by -t:HlsFetchExampleModel). Add <HlsTestData Include=\"input.dat\" /> for a C simulation. "),
            new System.Xml.Linq.XElement("ItemGroup",
                new System.Xml.Linq.XElement("HlsConfigFile", new System.Xml.Linq.XAttribute("Include", Path.GetFileName(example.ConfigFile)))));
        WriteAtomically(project, xml + "\n");
        return project;
    }

    /// <summary>A model name is a file name or stem: it never reaches a path or URL with a folder in it.</summary>
    private static void CheckName(string name)
    {
        try { ExampleListing.RequirePlain(name, "HlsExampleModel"); }
        catch (HlsException)
        {
            throw new HlsException(DiagnosticCodes.UnknownExampleModel, $"'{name}' is not an example model name (a file name such as KERAS_3layer or three_layer_keras.onnx).");
        }
    }

    private Uri Url(string relative) => new(_baseUrl, string.Join("/", relative.Split('/').Select(Uri.EscapeDataString)));

    private string Save(Uri url, string path, long limit)
    {
        if (File.Exists(path)) return path;
        WriteAtomically(path, Download(url, limit, out _));
        return path;
    }

    private byte[] Download(Uri url, long limit, out System.Net.HttpStatusCode status, bool allowNotFound = false)
    {
        HlsException Failed(string why, Exception? inner = null) =>
            new(new HlsDiagnostic(DiagnosticCodes.ExampleDownloadFailed, $"cannot download {url}: {why}"), inner);
        try
        {
            using var response = _client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            status = response.StatusCode;
            if (allowNotFound && status == System.Net.HttpStatusCode.NotFound) return Array.Empty<byte>();
            if (!response.IsSuccessStatusCode) throw Failed($"HTTP {(int)status} {response.ReasonPhrase}.");
            if (response.Content.Headers.ContentLength > limit) throw Failed($"the file is larger than {limit:N0} bytes.");
            using var body = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = body.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > limit) throw Failed($"the file is larger than {limit:N0} bytes.");
            }
            return buffer.ToArray();
        }
        catch (HttpRequestException e) { throw Failed(e.InnerException?.Message ?? e.Message, e); }
        catch (TaskCanceledException e) { throw Failed($"no answer within {_client.Timeout.TotalSeconds:0} s.", e); }
        catch (IOException e) { throw Failed(e.Message, e); }
    }

    private static void WriteAtomically(string path, string text) => WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
