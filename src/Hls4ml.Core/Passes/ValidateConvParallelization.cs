using Hls4ml.Diagnostics;
using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>
/// Convolutions compute ParallelizationFactor output pixels per pipeline iteration, so the factor must divide the
/// number of output pixels (hls4ml's rule); an invalid value is an error listing the valid ones (never changed
/// silently). Sets <c>n_partitions</c> = pixels / factor for the templates.
/// </summary>
public sealed class ValidateConvParallelization : IPass
{
    public string Name => "validate_conv_parallelization";

    public IReadOnlyList<ComputedAttribute> Computes { get; } = new ComputedAttribute[] { new("n_partitions", typeof(int), "layers that compute pixels in parallel") };

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var layer in graph.Layers.Where(l => context.Registry.RequireLayer(l.Type, l.Name).ComputesPixelsInParallel))
        {
            int pixels = layer.Get<int>("n_pixels"), factor = layer.Get("parallelization_factor", 1);
            if (pixels % factor != 0)
            {
                var valid = Enumerable.Range(1, pixels).Where(v => pixels % v == 0);
                throw new HlsException(DiagnosticCodes.InvalidProperty,
                    $"ParallelizationFactor {factor} does not divide the {pixels} output pixels of {layer.Type} '{layer.Name}'; valid values: {string.Join(", ", valid)}.",
                    context.Config.ProjectFile, layer.Name);
            }
            layer.Attributes["n_partitions"] = pixels / factor;
        }
    }
}
