using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers.Activations;

/// <summary>
/// An activation with one constant parameter (hls4ml's ParametrizedActivation): the parameter is attribute
/// <c>activ_param</c>, converted to <c>param_t</c> (model default unless configured) where the function is called.
/// </summary>
public abstract class ParametrizedActivationDefinition : LayerDefinition
{
    /// <summary>The <c>nnet::</c> function (also the config struct's prefix).</summary>
    public abstract string Function { get; }

    /// <summary>Value of activ_param when the model does not give one (the Keras default).</summary>
    public abstract double DefaultParam { get; }

    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Activation;

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("param") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        layer.Attributes["activation"] = Function;
        var param = layer.Get("activ_param", DefaultParam);
        layer.Attributes["activ_param"] = param;
        layer.Attributes["activ_param_cpp"] = ActivationFunctions.CppLiteral(param);
        return inputShapes[0];
    }

    protected abstract double Apply(double x, double param);

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var p = layer.Get<double>("activ_param");
        return inputs[0].Select(x => Apply(x, p)).ToArray();
    }
}

/// <summary>Keras LeakyReLU: x &gt; 0 ? x : alpha x (alpha: Keras 2 'alpha', Keras 3 'negative_slope').</summary>
public sealed class LeakyReLUDefinition : ParametrizedActivationDefinition
{
    public override string TypeName => "LeakyReLU";
    public override string Function => "leaky_relu";
    public override double DefaultParam => 0.3;
    protected override double Apply(double x, double alpha) => x > 0 ? x : alpha * x;
}

/// <summary>Keras ThresholdedReLU: x &gt; theta ? x : 0.</summary>
public sealed class ThresholdedReLUDefinition : ParametrizedActivationDefinition
{
    public override string TypeName => "ThresholdedReLU";
    public override string Function => "thresholded_relu";
    public override double DefaultParam => 1.0;
    protected override double Apply(double x, double theta) => x > theta ? x : 0;
}

/// <summary>Keras ELU layer: x &gt;= 0 ? x : alpha (exp(x) - 1), the negative branch from a table over [-8, 0].</summary>
public sealed class ELUDefinition : ParametrizedActivationDefinition
{
    public override string TypeName => "ELU";
    public override string Function => "elu";
    public override double DefaultParam => 1.0;

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 1024, "entries of the exp(x) - 1 table over [-8, 0]"),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("param"), new TypeSlot("table", "ap_fixed<18,8>"),
    };

    protected override double Apply(double x, double alpha) => x >= 0 ? x : alpha * (Math.Exp(x) - 1);

    /// <summary>The exp(x) - 1 table follows the precision like the other activation tables.</summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context) =>
        ActivationTables.Derive(layer, context, 8, Config.TableSizing.TableIntegerBits, signed: true);
}

/// <summary>
/// Keras ReLU layer with options (hls4ml ignores them): y = x &gt; threshold ? x (clipped to [0, max_value] when
/// max_value is set) : negative_slope (x - threshold), exactly as Keras' backend.relu computes it. A ReLU without
/// options is the plain Activation relu.
/// </summary>
public sealed class ReLUOptionsDefinition : LayerDefinition
{
    public override string TypeName => "ReLU";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Activation;

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("param") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        layer.Attributes["activation"] = "relu_options";
        double threshold = layer.Get("threshold", 0.0), slope = layer.Get("negative_slope", 0.0);
        double? max = layer.Attributes.TryGetValue("max_value", out var m) && m is not null ? Convert.ToDouble(m, System.Globalization.CultureInfo.InvariantCulture) : null;
        if (max is < 0)
            throw new HlsException(DiagnosticCodes.UnsupportedActivation, $"ReLU max_value {max} must be >= 0 (Keras rejects it too).", layer: layer.Name);
        layer.Attributes["threshold"] = threshold;
        layer.Attributes["negative_slope"] = slope;
        layer.Attributes["max_value"] = max;
        layer.Attributes["has_max"] = max is not null;
        layer.Attributes["threshold_cpp"] = ActivationFunctions.CppLiteral(threshold);
        layer.Attributes["negative_slope_cpp"] = ActivationFunctions.CppLiteral(slope);
        layer.Attributes["max_value_cpp"] = ActivationFunctions.CppLiteral(max ?? 0);
        return inputShapes[0];
    }

    /// <summary>Keras backend.relu(x, alpha=negative_slope, max_value, threshold), element-wise.</summary>
    public static double Apply(double x, double threshold, double slope, double? max)
    {
        if (x > threshold) return max is { } m ? Math.Clamp(x, 0, m) : x;
        return slope * (x - threshold);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        double threshold = layer.Get<double>("threshold"), slope = layer.Get<double>("negative_slope");
        double? max = layer.Get<bool>("has_max") ? layer.Get<double>("max_value") : null;
        return inputs[0].Select(x => Apply(x, threshold, slope, max)).ToArray();
    }
}

/// <summary>
/// Keras PReLU: x &gt; 0 ? x : alpha x with a learned alpha per element. Weight <c>param</c> holds alpha broadcast to
/// the full input shape (shared_axes expanded by the converter), typed param_t.
/// </summary>
public sealed class PReLUDefinition : LayerDefinition
{
    public override string TypeName => "PReLU";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Activation;

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("param") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        int n = inputShapes[0].Aggregate(1, (a, b) => a * b);
        if (!layer.Weights.TryGetValue("param", out var alpha) || alpha.Data.Length != n)
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"PReLU needs one alpha per input element ({n}); got {(alpha is null ? "none" : alpha.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.", layer: layer.Name);
        layer.Attributes["n_in"] = n;
        layer.Attributes["activation"] = "prelu";
        return inputShapes[0];
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var alpha = layer.Weights["param"].Data;
        var x = inputs[0];
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : alpha[i] * x[i];
        return y;
    }
}
