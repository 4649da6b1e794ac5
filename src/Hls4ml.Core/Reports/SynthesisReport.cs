namespace Hls4ml.Reports;

/// <summary>
/// One resource kind: how much the design uses and how much the part has (null when the report omits it). Counts are
/// fractional where the tool reports them so: a RAMB18 fills half a Block RAM tile (0.5 in vivado_synth.rpt).
/// </summary>
public sealed record ResourceUsage(string Name, double? Used, double? Available)
{
    /// <summary>Used / available in percent; null when either is unknown or nothing is available.</summary>
    public double? Percent => Used is { } u && Available is { } a && a > 0 ? 100.0 * u / a : null;
}

/// <summary>Latency and initiation interval of the top function (cycles; times in ns).</summary>
public sealed record LatencySummary
{
    public long? BestCycles { get; init; }
    public long? AverageCycles { get; init; }
    public long? WorstCycles { get; init; }
    public double? BestNs { get; init; }
    public double? AverageNs { get; init; }
    public double? WorstNs { get; init; }
    public long? IntervalMin { get; init; }
    public long? IntervalMax { get; init; }
    /// <summary>As the tool prints it: none, function, dataflow, yes, no, loop auto-rewind ...</summary>
    public string? PipelineType { get; init; }
}

/// <summary>A sub-module instance of the top function (the report's "Detail: Instance" rows or Vitis' module list).</summary>
public sealed record InstanceEstimate
{
    public required string Instance { get; init; }
    public string? Module { get; init; }
    public long? LatencyMinCycles { get; init; }
    public long? LatencyMaxCycles { get; init; }
    public long? IntervalMin { get; init; }
    public long? IntervalMax { get; init; }
    public string? PipelineType { get; init; }
    /// <summary>Resources of this instance by name (BRAM_18K, DSP, FF, LUT, URAM) when the report lists them.</summary>
    public IReadOnlyDictionary<string, long?> Resources { get; init; } = new Dictionary<string, long?>();
}

/// <summary>A loop of the design (empty for fully unrolled io_parallel designs, as the report says "N/A").</summary>
public sealed record LoopEstimate
{
    public required string Name { get; init; }
    /// <summary>Module that contains the loop, when the report says.</summary>
    public string? Module { get; init; }
    public long? LatencyMinCycles { get; init; }
    public long? LatencyMaxCycles { get; init; }
    public long? IterationLatency { get; init; }
    public long? InitiationInterval { get; init; }
    public long? TripCountMin { get; init; }
    public long? TripCountMax { get; init; }
    public bool? Pipelined { get; init; }
}

/// <summary>C synthesis estimates parsed from &lt;top&gt;_csynth.xml (or the .rpt fallback).</summary>
public sealed record CSynthReport
{
    /// <summary>The file it was read from.</summary>
    public required string Source { get; init; }
    public string? ToolVersion { get; init; }
    public string? Part { get; init; }
    public string? TopModule { get; init; }
    public double? TargetClockNs { get; init; }
    public double? ClockUncertaintyNs { get; init; }
    public double? EstimatedClockNs { get; init; }
    public double? EstimatedFmaxMHz => EstimatedClockNs is > 0 ? 1000.0 / EstimatedClockNs : null;
    public LatencySummary Latency { get; init; } = new();
    /// <summary>BRAM_18K, DSP, FF, LUT, URAM in that order (DSP48E is reported as DSP, as hls4ml does).</summary>
    public IReadOnlyList<ResourceUsage> Resources { get; init; } = Array.Empty<ResourceUsage>();
    public IReadOnlyList<InstanceEstimate> Instances { get; init; } = Array.Empty<InstanceEstimate>();
    public IReadOnlyList<LoopEstimate> Loops { get; init; } = Array.Empty<LoopEstimate>();

    public ResourceUsage? Resource(string name) => Resources.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Post-synthesis utilisation from Vivado's report_utilization (vivado_synth.rpt).</summary>
public sealed record LogicSynthesisReport
{
    public required string Source { get; init; }
    public string? ToolVersion { get; init; }
    public string? Device { get; init; }
    /// <summary>LUT, FF, BRAM_36K (block RAM tiles), BRAM_18K (the RAMB18 row, as hls4ml reads it), URAM, DSP.</summary>
    public IReadOnlyList<ResourceUsage> Resources { get; init; } = Array.Empty<ResourceUsage>();

    public ResourceUsage? Resource(string name) => Resources.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Outcome of RTL co-simulation (&lt;top&gt;_cosim.rpt), plus the comparison of its outputs with C simulation.</summary>
public sealed record CoSimReport
{
    public required string Source { get; init; }
    /// <summary>Verilog, VHDL or SystemC: the language row that ran.</summary>
    public string? Rtl { get; init; }
    /// <summary>Pass, Fail or NA, as printed.</summary>
    public string? Status { get; init; }
    public long? LatencyMin { get; init; }
    public long? LatencyAvg { get; init; }
    public long? LatencyMax { get; init; }
    public long? IntervalMin { get; init; }
    public long? IntervalAvg { get; init; }
    public long? IntervalMax { get; init; }
    /// <summary>"Total Execution Time" of all transactions in cycles (Vivado HLS 2020.1+, Vitis), when reported.</summary>
    public long? TotalExecutionCycles { get; init; }
    public OutputComparison? Comparison { get; init; }

    public bool Passed => string.Equals(Status, "Pass", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Row-by-row comparison of two output files (one sample per line, whitespace-separated).</summary>
public sealed record OutputComparison
{
    public required string Actual { get; init; }
    public required string Expected { get; init; }
    public int Rows { get; init; }
    public int ExpectedRows { get; init; }
    public int MismatchedRows { get; init; }
    /// <summary>1-based row of the first difference, or null when all rows agree.</summary>
    public int? FirstMismatchRow { get; init; }
    public double MaxAbsDifference { get; init; }
    public bool Matches => MismatchedRows == 0 && Rows == ExpectedRows;
}

/// <summary>The exported IP.</summary>
public sealed record ExportResult
{
    /// <summary>The zip copied into the output folder.</summary>
    public required string Zip { get; init; }
    /// <summary>Where the tool wrote it (inside &lt;name&gt;_prj/solution1/impl).</summary>
    public string? ToolOutput { get; init; }
    public long Bytes { get; init; }
}

/// <summary>The vendor tool that produced the results.</summary>
public sealed record ToolDescription(string Name, string? Version, string? Path);

/// <summary>Everything known about one generated project after synthesis: what hls-report.json/.html show.</summary>
public sealed record HlsReport
{
    public required string Project { get; init; }
    public string? Backend { get; init; }
    public ToolDescription? Tool { get; init; }
    public DateTimeOffset Generated { get; init; } = DateTimeOffset.UtcNow;
    public CSynthReport? CSynth { get; init; }
    public CoSimReport? CoSim { get; init; }
    public LogicSynthesisReport? LogicSynthesis { get; init; }
    public ExportResult? Export { get; init; }
}
