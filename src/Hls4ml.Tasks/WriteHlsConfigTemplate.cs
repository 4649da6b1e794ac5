using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>
/// HlsConfigTemplate: the resolved per-layer configuration of the converted model under the project's settings
/// (hls4ml's config_from_keras_model), written as hls4ml YAML and as a .props with HlsLayerConfig items, and printed.
/// Takes the same settings as GenerateHls; writes no HLS project.
/// </summary>
public sealed class WriteHlsConfigTemplate : GenerateHls
{
    /// <summary>model, type or name (HlsConfigGranularity).</summary>
    public string? Granularity { get; set; }
    [Required] public string YamlFile { get; set; } = "";
    [Required] public string PropsFile { get; set; } = "";

    protected override void Run()
    {
        var granularity = ConfigTemplate.ParseGranularity(Granularity, ProjectFile);
        var config = BuildConfig();
        var pipeline = CreatePipeline();
        var graph = IrSerializer.Load(IrFile);
        var diagnostics = new DiagnosticBag();
        var template = ConfigTemplate.Create(graph, pipeline.Registry, config, granularity, diagnostics);
        foreach (var d in diagnostics.Items) Report(d);
        var yaml = template.ToYaml();
        WritingOutputs(() =>
        {
            Write(YamlFile, yaml);
            Write(PropsFile, template.ToProps());
        }, ("the configuration template (HlsConfigTemplateYamlFile)", YamlFile), ("the configuration template (HlsConfigTemplatePropsFile)", PropsFile));
        Log.LogMessage(MessageImportance.High, $"HlsConfigTemplate ({granularity.ToString().ToLowerInvariant()}): {YamlFile}");
        Log.LogMessage(MessageImportance.High, $"HlsConfigTemplate ({granularity.ToString().ToLowerInvariant()}): {PropsFile}");
        foreach (var line in yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Log.LogMessage(MessageImportance.High, "  " + line);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
