using Hls4ml.Ir;

namespace Hls4ml.Extensibility;

/// <summary>
/// A per-layer setting the layer declares: its IR attribute name, the PascalCase key users write on
/// HlsLayerConfig/HlsLayerTypeConfig items, its default, and for choices the allowed values.
/// </summary>
public sealed record AttributeSpec(string Name, string ConfigKey, object? Default, Type ValueType, IReadOnlyList<string>? Choices = null, string Description = "")
{
    public static AttributeSpec Int(string name, string configKey, int @default, string description = "") => new(name, configKey, @default, typeof(int), null, description);
    public static AttributeSpec String(string name, string configKey, string @default, string description = "") => new(name, configKey, @default, typeof(string), null, description);
    public static AttributeSpec Choice(string name, string configKey, string @default, IReadOnlyList<string> choices, string description = "") => new(name, configKey, @default, typeof(string), choices, description);
    public static AttributeSpec Bool(string name, string configKey, bool @default, string description = "") => new(name, configKey, @default, typeof(bool), null, description);
}

/// <summary>
/// A precision slot of a layer (hls4ml's TypeAttribute): 'result' becomes result_t, 'accum' accum_t, ...
/// <see cref="Default"/> is a fixed precision string, or null for "the model default".
/// </summary>
public sealed record TypeSlot(string Name, string? Default = null)
{
    /// <summary>The default parsed once (null = the model default).</summary>
    public Types.Precision? DefaultPrecision { get; } = Default is null ? null : Types.Precision.Parse(Default);

    /// <summary>Key users write on config items: ResultPrecision, AccumPrecision, TablePrecision, ...</summary>
    public string ConfigKey => char.ToUpperInvariant(Name[0]) + ToPascal(Name[1..]) + "Precision";

    private static string ToPascal(string s)
    {
        var parts = s.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? "" : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}

/// <summary>
/// The IR stage of a layer type: declared attributes, precision slots, shape inference and the double-precision
/// reference evaluation. Built-in layers and extension layers derive from this class the same way.
/// </summary>
public abstract class LayerDefinition
{
    /// <summary>IR type name (registry key), also what HlsLayerTypeConfig items match.</summary>
    public abstract string TypeName { get; }

    /// <summary>Settings users may configure per layer (besides precisions).</summary>
    public virtual IReadOnlyList<AttributeSpec> Attributes => Array.Empty<AttributeSpec>();

    /// <summary>Precision slots; every layer has at least 'result'.</summary>
    public virtual IReadOnlyList<TypeSlot> TypeSlots => new[] { new TypeSlot("result") };

    /// <summary>Whether the layer has a reuse factor / strategy (multiplying layers).</summary>
    public virtual bool HasReuseFactor => false;

    /// <summary>
    /// The (n_in, n_out) hls4ml's reuse-factor rule checks for this layer, so a project accepts exactly the reuse
    /// factors hls4ml accepts. Default: the layer's n_in/n_out (its per-pixel matrix product). The multiplier count
    /// (multiplier_limit, estimates) always uses the layer's real n_in·n_out.
    /// </summary>
    public virtual (int NIn, int NOut) ReuseFactorShape(Ir.Layer layer) => (layer.Get<int>("n_in"), layer.Get<int>("n_out"));

    /// <summary>Strategies the layer's kernels implement (HlsStrategy / per-layer Strategy); others are HLS0306.</summary>
    public virtual IReadOnlyList<string> Strategies => new[] { "Latency" };

    // Capabilities: what passes ask of a layer type instead of keeping lists of type names, so a layer registered by
    // an extension gets the same checks, foldings and estimates as a built-in one with the same capabilities.

    /// <summary>Spatial axes of the feature maps the layer reads and writes (1 = sequences, 2 = images); 0 = not spatial.</summary>
    public virtual int SpatialRank => 0;

    /// <summary>
    /// io_parallel partitions the layer's (large) feature maps completely: they are checked against
    /// HlsMaximumPartitionSize (HLS0307) and counted by the io_stream suggestion (HLS0309). Spatial layers by default.
    /// </summary>
    public virtual bool HoldsFeatureMaps => SpatialRank > 0;

    /// <summary>
    /// Computes ParallelizationFactor output pixels per pipeline iteration (a convolution). InferShape must set
    /// <c>n_pixels</c> (output pixels) and, for the estimate, <c>in_height</c>/<c>in_width</c>; pads are read from
    /// <c>pad_top/pad_bottom/pad_left/pad_right</c> (io_stream inserts a ZeroPadding layer of <see cref="SpatialRank"/>).
    /// The factor is validated and <c>n_partitions</c> set before generation.
    /// </summary>
    public virtual bool ComputesPixelsInParallel => false;

    /// <summary>
    /// How the layer's DSP/LUT/BRAM cost and pipeline path are estimated (hls4ml-estimates.json). Default: the matrix
    /// product model for layers with a reuse factor, none otherwise (reported as not estimated).
    /// </summary>
    public virtual Passes.Costs.ILayerCostModel? CostModel => HasReuseFactor ? Passes.Costs.LayerCostModels.MatrixProduct : null;

    /// <summary>A BatchNormalization after the layer may be folded into its 'weight' (channels on the last axis) and 'bias'.</summary>
    public virtual bool AcceptsFoldedBatchNorm => false;

    /// <summary>A constant per-channel addition after the layer may be folded into its 'bias' (ONNX MatMul/Conv + Add).</summary>
    public virtual bool AcceptsFoldedBias => false;

    /// <summary>Reads its whole input as one flat vector (io_stream: a Flatten/Reshape in front becomes an alias).</summary>
    public virtual bool ReadsFlatInput => false;

    /// <summary>
    /// C++ headers a layer needs besides its template's (e.g. an extension's activation function): the header path as
    /// included, and the folder it is copied from (null = the SDK's own nnet_utils).
    /// </summary>
    public virtual IReadOnlyList<(string Header, string? Root)> Headers(Layer layer) => Array.Empty<(string, string?)>();

    /// <summary>
    /// Adds the layer's own template variables (derived for C++ only, e.g. a literal) after the attributes and the
    /// variables every layer has; runs right before its templates render.
    /// </summary>
    public virtual void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables) { }

    /// <summary>
    /// The layer's own cost estimate, for layers whose cost the generic rule (one matrix product under a reuse factor,
    /// or element-wise work) does not describe, e.g. a recurrent layer's products repeated per time step; null = the
    /// generic rule of <see cref="Passes.EstimateResources"/>.
    /// </summary>
    public virtual Passes.LayerEstimate? Estimate(ModelGraph graph, Layer layer, bool parallel) => null;

    /// <summary>Output shape from input shapes; may also set derived attributes (n_in, n_out, ...).</summary>
    public abstract int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes);

    /// <summary>Reference evaluation in double precision on flattened row-major tensors.</summary>
    public abstract double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs);

    /// <summary>
    /// Precision inference hook, run after configured precisions are applied. 'configured' holds the slots that
    /// the user set explicitly; the default resolves unset slots to the slot default or the model default.
    /// </summary>
    public virtual void InferPrecisions(Layer layer, PrecisionContext context) { }
}

/// <summary>What precision inference may look at.</summary>
public sealed class PrecisionContext
{
    public required ModelGraph Graph { get; init; }
    public required Types.Precision ModelDefault { get; init; }
    public required IReadOnlySet<string> ExplicitSlots { get; init; }
    /// <summary>Attributes the project sets for this layer (e.g. table_size); the others may be derived.</summary>
    public IReadOnlySet<string> ExplicitAttributes { get; init; } = new HashSet<string>();
    /// <summary>The project's numeric choices (HlsCompatibility).</summary>
    public Config.NumericsProfile Numerics { get; init; } = Config.NumericsProfile.Default;
    public Types.Precision InputPrecision(Layer layer, int i = 0) => Graph.Tensor(layer.Inputs[i]).Precision ?? ModelDefault;
}
