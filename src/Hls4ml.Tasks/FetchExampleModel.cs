using Hls4ml.Diagnostics;
using Hls4ml.Examples;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hls4ml.Tasks;

/// <summary>
/// hls4ml's fetch_example_model: lists the example-model repository (no Name), or fetches the named model, its
/// weights and configuration into the cache and, with WriteProject, writes a ready .hlsproj beside the project.
/// </summary>
public sealed class FetchExampleModel : HlsTaskBase
{
    public string? Name { get; set; }
    [Required] public string BaseUrl { get; set; } = "";
    [Required] public string CacheDirectory { get; set; } = "";
    public bool WriteProject { get; set; }
    public string? ProjectDirectory { get; set; }
    public bool Overwrite { get; set; }
    public string? SdkVersion { get; set; }

    /// <summary>The configuration (rewritten to name the cached model files), for HlsConfigFile.</summary>
    [Output] public string? ConfigFile { get; set; }
    /// <summary>The written .hlsproj (WriteProject).</summary>
    [Output] public string? WrittenProject { get; set; }

    protected override void Run()
    {
        var repository = new ExampleModelRepository(BaseUrl, CacheDirectory);
        if (string.IsNullOrWhiteSpace(Name))
        {
            var listing = repository.List();
            Log.LogMessage(MessageImportance.High, $"HlsFetchExampleModel: example models at {BaseUrl} (-p:HlsExampleModel=<name>):");
            foreach (var (framework, files) in listing.Frameworks)
                Log.LogMessage(MessageImportance.High, $"  {framework}: {string.Join(", ", files)}");
            return;
        }
        var fromCache = repository.Cached(Name) is not null;
        var example = repository.Fetch(Name);
        ConfigFile = example.ConfigFile;
        Log.LogMessage(MessageImportance.High, $"HlsFetchExampleModel: {example.Framework}/{Path.GetFileName(example.Model)} {(fromCache ? "from the cache" : "downloaded")} ({Path.GetDirectoryName(example.Model)})");
        if (!WriteProject) return;
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(ProjectDirectory) ? Path.Combine(Path.GetDirectoryName(ProjectFile ?? ".")!, example.Name) : ProjectDirectory);
        WrittenProject = WritingOutputs(() => ExampleModelRepository.WriteProject(example, directory, SdkVersion, Overwrite), ("the example project (HlsExampleProjectDir)", directory));
        Log.LogMessage(MessageImportance.High, $"HlsFetchExampleModel: wrote {WrittenProject}; build it with: dotnet build {WrittenProject}");
    }
}
