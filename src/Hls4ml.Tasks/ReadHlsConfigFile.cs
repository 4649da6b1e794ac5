using System.Globalization;
using System.Xml.Linq;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Types;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hls4ml.Tasks;

/// <summary>
/// Reads the project's HlsConfigFile (an hls4ml config.yml / .json) and returns the property values to use: the
/// file's, except where the project sets the property itself (project wins), plus the model and test data the file
/// names when the project has none. The LayerType/LayerName sections are merged by GenerateHls.
/// </summary>
public sealed class ReadHlsConfigFile : HlsTaskBase
{
    public ITaskItem[] ConfigFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// One item per property the file may set (HlsBackend, ...): metadata <c>Value</c> (current value),
    /// <c>Preset</c> (its value before the SDK's defaults: set by the command line, the environment or
    /// Directory.Build.props) or <c>Explicit</c> (true/false, when the targets know it).
    /// </summary>
    public ITaskItem[] Properties { get; set; } = Array.Empty<ITaskItem>();

    public bool ProjectHasModel { get; set; }
    public bool ProjectHasTestData { get; set; }

    [Output] public string? ProjectName { get; set; }
    [Output] public string? OutputDir { get; set; }
    [Output] public string? Backend { get; set; }
    [Output] public string? Part { get; set; }
    [Output] public string? ClockPeriod { get; set; }
    [Output] public string? ClockUncertainty { get; set; }
    [Output] public string? IOType { get; set; }
    [Output] public string? Version { get; set; }
    [Output] public string? MaximumPartitionSize { get; set; }
    [Output] public string? DefaultPrecision { get; set; }
    [Output] public string? MaximumPrecision { get; set; }
    [Output] public string? ReuseFactor { get; set; }
    [Output] public string? Strategy { get; set; }
    [Output] public string? BramFactor { get; set; }
    /// <summary>The model the file names (with Weights), when the project has no HlsModel.</summary>
    [Output] public ITaskItem[] Model { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>InputData (with Expected = OutputPredictions), when the project has no HlsTestData.</summary>
    [Output] public ITaskItem[] TestData { get; set; } = Array.Empty<ITaskItem>();

    protected override void Run()
    {
        if (ConfigFiles.Length > 1)
            throw new HlsException(DiagnosticCodes.TooManyConfigFiles,
                $"found {ConfigFiles.Length} HlsConfigFile items ({string.Join(", ", ConfigFiles.Select(c => c.ItemSpec))}).", ProjectFile);
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile ?? "."))!;
        var file = Hls4mlConfigFile.Read(ConfigFiles[0].GetMetadata("FullPath"), projectDirectory);
        foreach (var d in file.Diagnostics) Report(d);

        var declared = DeclaredInProject();
        var kept = new List<string>();
        foreach (var property in Enum.GetValues<ConfigProperty>())
        {
            var name = Hls4mlConfigFile.PropertyName(property);
            var item = Properties.FirstOrDefault(p => p.ItemSpec == name);
            var current = item?.GetMetadata("Value") ?? "";
            var value = current;
            if (file.Properties.TryGetValue(property, out var entry))
            {
                if (item is not null && IsSetByProject(item, current, declared)) kept.Add(name);
                else value = property == ConfigProperty.OutputDir ? OutputFolder(entry.Value, projectDirectory) : entry.Value;
            }
            SetOutput(property, value);
        }

        if (!ProjectHasModel && file.Model is { } model)
        {
            if (!model.Exists)
                throw new HlsException(DiagnosticCodes.ModelFileNotFound,
                    $"{model.Key} names a file that is not there; looked for: {string.Join(", ", model.Searched.Where(p => !File.Exists(p)))} (paths are relative to the configuration file, the project folder, or a folder above the configuration file).",
                    file.Path, line: model.Line);
            var item = new TaskItem(model.Model);
            if (model.Weights is not null) item.SetMetadata("Weights", model.Weights);
            Model = new ITaskItem[] { item };
        }
        if (!ProjectHasTestData && file.TestData is { } data)
        {
            foreach (var path in new[] { data.Input, data.Expected })
                if (path is not null && !File.Exists(path))
                    throw new HlsException(DiagnosticCodes.TestDataNotFound, $"InputData/OutputPredictions name {path}, which does not exist.", file.Path, line: data.Line);
            var item = new TaskItem(data.Input);
            if (data.Expected is not null) item.SetMetadata("Expected", data.Expected);
            TestData = new ITaskItem[] { item };
        }

        Log.LogMessage(MessageImportance.Normal,
            $"HlsConfigFile: {file.Path}: {file.Properties.Count} settings, {file.LayerTypes.Count} LayerType and {file.LayerNames.Count} LayerName sections" +
            (Model.Length > 0 ? $", model {Model[0].ItemSpec}" : ProjectHasModel && file.Model is not null ? " (its model is replaced by the project's HlsModel)" : "") +
            (kept.Count > 0 ? $"; the project's {string.Join(", ", kept)} override the file" : ""));
    }

    private void SetOutput(ConfigProperty property, string value)
    {
        switch (property)
        {
            case ConfigProperty.ProjectName: ProjectName = value; break;
            case ConfigProperty.OutputDir: OutputDir = value; break;
            case ConfigProperty.Backend: Backend = value; break;
            case ConfigProperty.Part: Part = value; break;
            case ConfigProperty.ClockPeriod: ClockPeriod = value; break;
            case ConfigProperty.ClockUncertainty: ClockUncertainty = value; break;
            case ConfigProperty.IOType: IOType = value; break;
            case ConfigProperty.Version: Version = value; break;
            case ConfigProperty.MaximumPartitionSize: MaximumPartitionSize = value; break;
            case ConfigProperty.DefaultPrecision: DefaultPrecision = value; break;
            case ConfigProperty.MaximumPrecision: MaximumPrecision = value; break;
            case ConfigProperty.ReuseFactor: ReuseFactor = value; break;
            case ConfigProperty.Strategy: Strategy = value; break;
            case ConfigProperty.BramFactor: BramFactor = value; break;
        }
    }

    /// <summary>Relative OutputDir is relative to the project folder (hls4ml: the working directory).</summary>
    private static string OutputFolder(string value, string projectDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(projectDirectory, value))) + "/";

    /// <summary>
    /// The project set the property if the targets say so, if it had a value before the SDK's defaults, if it differs
    /// from the SDK default (set in the project body or an import) or if the project file names it (set to the
    /// default value on purpose).
    /// </summary>
    private static bool IsSetByProject(ITaskItem item, string current, ISet<string> declared)
    {
        var known = item.GetMetadata("Explicit");
        if (known.Length > 0) return known.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (item.GetMetadata("Preset").Length > 0 || declared.Contains(item.ItemSpec)) return true;
        return !IsSdkDefault(item.ItemSpec, current);
    }

    private static bool IsSdkDefault(string property, string value)
    {
        var d = new HlsConfig();
        static bool Int(string v, long expected) => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i == expected;
        return property switch
        {
            "HlsBackend" => value == d.Backend,
            "HlsPart" => value == d.Part,
            "HlsIOType" => value == d.IOType,
            "HlsStrategy" => value == d.Strategy,
            "HlsVersion" => value == d.Version,
            "HlsClockPeriod" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c == d.ClockPeriod,
            "HlsReuseFactor" => Int(value, d.ReuseFactor),
            "HlsMaximumPartitionSize" => Int(value, d.MaximumPartitionSize),
            "HlsDefaultPrecision" => Precision.TryParse(value, out var p) && p == d.DefaultPrecision,
            _ => value.Length == 0,
        };
    }

    /// <summary>Property names the project file sets in a PropertyGroup.</summary>
    private ISet<string> DeclaredInProject()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (ProjectFile is null || !File.Exists(ProjectFile)) return names;
        try
        {
            foreach (var e in XDocument.Load(ProjectFile).Descendants())
                if (e.Parent?.Name.LocalName == "PropertyGroup") names.Add(e.Name.LocalName);
        }
        catch (System.Xml.XmlException)
        {
            // MSBuild parsed it; if this reader cannot, the value comparison still decides.
        }
        return names;
    }
}
