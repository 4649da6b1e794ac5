using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Types;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>GenerateHls: IR + project configuration → HLS C++ project (hls4ml's writer layout).</summary>
public class GenerateHls : HlsTaskBase
{
    [Required] public string IrFile { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    [Required] public string ProjectName { get; set; } = "";
    // Unset (empty) settings keep HlsConfig's defaults: the one place defaults are defined (Sdk.props mirrors them
    // for MSBuild users, and a test keeps the two equal).
    public string? Backend { get; set; }
    public string? Part { get; set; }
    public string? ClockPeriod { get; set; }
    public string? ClockUncertainty { get; set; }
    public string? IOType { get; set; }
    public string? Strategy { get; set; }
    public string? ReuseFactor { get; set; }
    public string? DefaultPrecision { get; set; }
    /// <summary>HlsMaximumPrecision (hls4ml's Precision.maximum): caps the types inferred for 'auto' slots.</summary>
    public string? MaximumPrecision { get; set; }
    /// <summary>HlsCompatibility: Default or hls4ml (case-insensitive).</summary>
    public string? Compatibility { get; set; }
    public string? Version { get; set; }
    public string? MaximumPartitionSize { get; set; }
    public string? UnrollWarningThreshold { get; set; }
    public string? BramFactor { get; set; }
    /// <summary>HlsFoldBatchNorm: true folds BatchNormalization into the preceding layer (fewer multipliers, less exact).</summary>
    public string? FoldBatchNorm { get; set; }
    /// <summary>Where the per-layer estimates are written as JSON (outside the generated project, which is replaced).</summary>
    public string? EstimatesFile { get; set; }
    /// <summary>
    /// Receives the hash of the generated files the C simulation reads, rewritten only when it changes: HlsCSim's
    /// input, so a setting that changes only the Tcl scripts (part, clock, version) does not rerun the simulation.
    /// </summary>
    public string? SimulationDigestFile { get; set; }
    public ITaskItem[] LayerConfigs { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] LayerTypeConfigs { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>Copied to tb_data/tb_input_features.dat so the project also runs stand-alone in the HLS tool.</summary>
    public ITaskItem[] TestData { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>HlsConfigFile: its LayerType/LayerName sections are merged under the project's items (ReadHlsConfigFile applied the rest).</summary>
    public ITaskItem[] ConfigFiles { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>Where the IR is saved after the backend flow (every layer's types): what CSim's overflow check and the profiler read.</summary>
    public string? ConfiguredIrFile { get; set; }

    protected override void Run()
    {
        var config = BuildConfig();
        var pipeline = CreatePipeline();
        var graph = IrSerializer.Load(IrFile);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = WritingOutputs(() => pipeline.Generate(graph, config, OutputDirectory, TestData.Length == 0 ? null : TestData[0].GetMetadata("FullPath")),
            ("the HLS project (HlsOutputDir)", OutputDirectory));
        foreach (var d in result.Diagnostics) Report(d);
        if (!string.IsNullOrWhiteSpace(ConfiguredIrFile))
            WritingOutputs(() => IrSerializer.Save(result.Graph, ConfiguredIrFile), ("the configured IR (HlsIntermediateDir)", ConfiguredIrFile));
        Log.LogMessage(MessageImportance.Normal, $"GenerateHls: {ProjectName} ({config.Backend}, {config.IOType}) → {OutputDirectory} ({result.Files.Count} files, {sw.ElapsedMilliseconds} ms)");
        Log.LogMessage(MessageImportance.Normal, "GenerateHls: estimates before synthesis (mults = multipliers, partition = largest array in registers, unroll = largest unrolled loop, cycles = interval):");
        foreach (var line in result.Estimate.FormatTable()) Log.LogMessage(MessageImportance.Normal, "  " + line);
        if (!string.IsNullOrWhiteSpace(EstimatesFile))
            WritingOutputs(() => WriteEstimates(EstimatesFile, result.Estimate.ToJson()), ("the estimates (HlsEstimatesFile)", EstimatesFile));
        if (!string.IsNullOrWhiteSpace(SimulationDigestFile))
        {
            var digest = Simulation.CSimRunner.SimulationSourcesHash(OutputDirectory) + "\n";
            if (!File.Exists(SimulationDigestFile) || File.ReadAllText(SimulationDigestFile) != digest)
                WritingOutputs(() => WriteEstimates(SimulationDigestFile, digest), ("the simulation digest (HlsIntermediateDir)", SimulationDigestFile));
        }
    }

    /// <summary>Written through a temporary file, so an interrupted build never leaves a truncated file behind.</summary>
    private static void WriteEstimates(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    internal HlsConfig BuildConfig()
    {
        var config = new HlsConfig { ProjectFile = ProjectFile, ProjectName = ProjectName };
        static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
        if (Set(Backend)) config.Backend = Backend!;
        if (Set(Part)) config.Part = Part!;
        if (Set(ClockPeriod)) config.ClockPeriod = ParseDouble("HlsClockPeriod", ClockPeriod!);
        if (Set(ClockUncertainty)) config.ClockUncertainty = ClockUncertainty;
        if (Set(IOType)) config.IOType = IOType!;
        if (Set(Strategy)) config.Strategy = Strategy!;
        if (Set(ReuseFactor)) config.ReuseFactor = ParseInt("HlsReuseFactor", ReuseFactor!);
        if (Set(DefaultPrecision)) config.DefaultPrecision = ParsePrecision("HlsDefaultPrecision", DefaultPrecision!);
        if (Set(MaximumPrecision) && ParsePrecision("HlsMaximumPrecision", MaximumPrecision!) is var maximum)
            config.MaximumPrecision = maximum is FixedPrecision or IntegerPrecision ? maximum
                : throw new HlsException(DiagnosticCodes.InvalidPrecision, $"HlsMaximumPrecision '{MaximumPrecision}' must be a fixed-point or integer type (it caps inferred widths).", ProjectFile);
        if (Set(Compatibility)) config.Compatibility = HlsConfig.ParseCompatibility(Compatibility!, ProjectFile);
        if (Set(Version)) config.Version = Version!;
        if (Set(MaximumPartitionSize)) config.MaximumPartitionSize = ParseInt("HlsMaximumPartitionSize", MaximumPartitionSize!);
        if (Set(UnrollWarningThreshold)) config.UnrollWarningThreshold = ParseInt("HlsUnrollWarningThreshold", UnrollWarningThreshold!);
        if (Set(BramFactor)) config.BramFactor = ParseInt("HlsBramFactor", BramFactor!);
        if (Set(FoldBatchNorm))
            config.FoldBatchNorm = bool.TryParse(FoldBatchNorm, out var fold) ? fold
                : throw new HlsException(DiagnosticCodes.InvalidProperty, $"HlsFoldBatchNorm '{FoldBatchNorm}' is not valid; use true or false.", ProjectFile);
        var known = HlsConfig.Strategies.FirstOrDefault(s => s.Equals(config.Strategy, StringComparison.OrdinalIgnoreCase));
        if (known is not null) config.Strategy = known;
        foreach (var item in LayerConfigs) config.LayerNames[item.ItemSpec] = Settings(item, "HlsLayerConfig");
        foreach (var item in LayerTypeConfigs) config.LayerTypes[item.ItemSpec] = Settings(item, "HlsLayerTypeConfig");
        if (ConfigFiles.Length == 1)
            Hls4mlConfigFile.Read(ConfigFiles[0].GetMetadata("FullPath"), Path.GetDirectoryName(Path.GetFullPath(ProjectFile ?? "."))).MergeLayers(config);
        config.Validate();
        return config;
    }

    private LayerSettings Settings(ITaskItem item, string itemType)
    {
        var settings = new LayerSettings { File = ProjectFile, Line = ProjectFileLocator.FindItemLine(ProjectFile, itemType, item.ItemSpec) };
        foreach (System.Collections.DictionaryEntry e in item.CloneCustomMetadata())
            settings.Values[(string)e.Key] = (string)e.Value!;
        return settings;
    }

    private double ParseDouble(string property, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new HlsException(DiagnosticCodes.InvalidProperty, $"{property} '{value}' is not a number.", ProjectFile);

    private int ParseInt(string property, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw new HlsException(DiagnosticCodes.InvalidProperty, $"{property} '{value}' is not an integer.", ProjectFile);

    private Precision ParsePrecision(string property, string value)
    {
        try { return Precision.Parse(value, property); }
        catch (HlsException e) { throw new HlsException(e.Diagnostic with { File = ProjectFile }); }
    }
}

/// <summary>Finds where an item is declared in the project file, so errors point at the right line.</summary>
internal static class ProjectFileLocator
{
    public static int FindItemLine(string? projectFile, string itemType, string include)
    {
        if (projectFile is null || !File.Exists(projectFile)) return 0;
        var lines = File.ReadAllLines(projectFile);
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].Contains("<" + itemType, StringComparison.Ordinal) &&
                (lines[i].Contains($"Include=\"{include}\"", StringComparison.Ordinal) || lines[i].Contains($"Include='{include}'", StringComparison.Ordinal)))
                return i + 1;
        return 0;
    }
}
