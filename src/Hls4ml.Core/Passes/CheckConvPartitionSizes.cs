using Hls4ml.Diagnostics;
using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>
/// io_parallel keeps every tensor in registers: the top function partitions each layer output completely (and reshapes
/// the inputs completely), and the convolution/pooling kernels unroll over all of it. Vivado/Vitis refuse or crawl on
/// complete partitions beyond <c>config_array_partition -maximum_size</c> (HlsMaximumPartitionSize, 4096), which image
/// layers reach quickly; this warns (HLS0307) for every tensor a layer that holds feature maps
/// (<see cref="Extensibility.LayerDefinition.HoldsFeatureMaps"/>) reads or writes above the limit.
/// Weight partitions are checked by <see cref="CheckPartitionSizes"/>.
/// </summary>
public sealed class CheckConvPartitionSizes : IPass
{
    public string Name => "check_conv_partition_sizes";

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_parallel") return;
        int limit = context.Config.MaximumPartitionSize;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in graph.Layers.Where(l => context.Registry.RequireLayer(l.Type, l.Name).HoldsFeatureMaps))
            foreach (var (tensor, role) in layer.Inputs.Select(t => (t, "input")).Concat(layer.Outputs.Select(t => (t, "output"))))
            {
                var size = graph.Tensor(tensor).Size;
                if (size <= limit || !reported.Add(tensor)) continue;
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.LargeTensorPartition,
                    $"{layer.Type} {role} '{tensor}' [{string.Join(",", graph.Tensor(tensor).Shape)}] has {size} elements; io_parallel partitions it completely (limit {limit}).",
                    context.Config.ProjectFile, 0, layer.Name));
            }
    }
}
