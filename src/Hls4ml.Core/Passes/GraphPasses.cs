using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>Dropout is the identity at inference.</summary>
public sealed class RemoveDropout : IPass
{
    public string Name => "remove_dropout";
    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var l in graph.Layers.Where(l => l.Type == "Dropout").ToList()) graph.Bypass(l);
    }
}

/// <summary>
/// Removes layers whose outputs nobody reads (neither another layer nor a model output). They would cost hardware for
/// nothing, and in io_stream their FIFO would keep its words at the end of every inference (HLS0408). Inputs stay:
/// they are ports and the test data has columns for them.
/// </summary>
public sealed class RemoveDeadLayers : IPass
{
    public string Name => "remove_dead_layers";
    public void Run(ModelGraph graph, PassContext context)
    {
        for (bool removed = true; removed;)
        {
            removed = false;
            foreach (var l in graph.Layers.Where(l => l.Type != "Input").ToList())
            {
                if (l.Outputs.Any(t => graph.Outputs.Contains(t) || graph.Consumers(t).Any())) continue;
                graph.Layers.Remove(l);
                foreach (var t in l.Outputs) graph.Tensors.Remove(t);
                removed = true;
            }
        }
    }
}

/// <summary>A linear activation that does not change the type is a no-op (hls4ml's eliminate_linear_activation).</summary>
public sealed class EliminateLinearActivation : IPass
{
    public string Name => "eliminate_linear_activation";
    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var l in graph.Layers.Where(l => l.Type == "Activation" && l.Get("activation", "") == "linear").ToList())
        {
            var input = graph.Tensor(l.Inputs[0]).Precision;
            if (input is null || input == l.Types["result"]) graph.Bypass(l);
        }
    }
}

/// <summary>In io_parallel every tensor is a flat array, so Flatten (and later Reshape) is an alias of its input.</summary>
public sealed class AliasParallelReshapes : IPass
{
    public string Name => "alias_parallel_reshapes";
    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_parallel") return;
        foreach (var l in graph.Layers.Where(l => l.Type is "Flatten" or "Reshape").ToList())
        {
            // Keep it when it is the only thing between the model input and output (nothing to alias to).
            if (graph.Inputs.Contains(l.Inputs[0]) && graph.Outputs.Contains(l.Outputs[0])) continue;
            graph.Bypass(l);
        }
    }
}

/// <summary>Numbers layers in order; generated names (layerN_out, wN, configN) come from it.</summary>
public sealed class NumberLayers : IPass
{
    public string Name => "number_layers";
    public void Run(ModelGraph graph, PassContext context) => graph.Renumber();
}
