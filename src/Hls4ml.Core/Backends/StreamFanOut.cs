using Hls4ml.Ir;

namespace Hls4ml.Backends;

/// <summary>
/// io_stream naming of every FIFO. A stream can be read once, so a tensor read by several layers (or read by a layer
/// and also a model output) is written into a source stream and copied by a chain of nnet::clone_stream calls into one
/// stream per reader (hls4ml's Clone layers). Every internal stream gets a FIFO depth: the tensor's word count by
/// default (hls4ml's conservative default, which never deadlocks), or the producing layer's FifoDepth setting.
/// </summary>
internal sealed class StreamFanOut
{
    private readonly ModelGraph _graph;
    private readonly IReadOnlyDictionary<string, string> _var;
    private readonly IReadOnlyDictionary<string, string> _type;
    private readonly Dictionary<(Layer, int), string> _readerVar = new();
    private readonly Dictionary<string, List<Dictionary<string, object?>>> _clones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _internal = new(StringComparer.Ordinal);

    public StreamFanOut(ModelGraph graph, IReadOnlyDictionary<string, string> tensorVar, IReadOnlyDictionary<string, string> tensorType)
    {
        (_graph, _var, _type) = (graph, tensorVar, tensorType);
        foreach (var tensor in graph.Tensors.Keys)
        {
            var readers = graph.Layers.SelectMany(l => l.Inputs.Select((t, i) => (Layer: l, Index: i, Tensor: t)))
                .Where(r => r.Tensor == tensor).Select(r => ((Layer, int)?)(r.Layer, r.Index)).ToList();
            if (graph.Outputs.Contains(tensor)) readers.Add(null);   // the output port
            var streams = new List<string>();
            // The producer's own stream is internal unless it is a port: a model input, or an output nobody else reads.
            bool sourceIsPort = graph.Inputs.Contains(tensor) || (graph.Outputs.Contains(tensor) && readers.Count == 1);
            if (!sourceIsPort) streams.Add(SourceVar(tensor, readers.Count));
            if (readers.Count > 1)
            {
                var copies = readers.Select((r, i) => r is null ? _var[tensor] : $"{_var[tensor]}_cpy{i + 1}").ToList();
                for (int i = 0; i < readers.Count; i++)
                    if (readers[i] is { } r) _readerVar[r] = copies[i];
                var clones = new List<Dictionary<string, object?>>();
                var from = SourceVar(tensor, readers.Count);
                for (int i = 0; i < readers.Count - 1; i++)
                {
                    var second = i == readers.Count - 2 ? copies[i + 1] : $"{_var[tensor]}_fwd{i + 1}";
                    clones.Add(new() { ["type"] = _type[tensor], ["size"] = graph.Tensor(tensor).Size, ["source"] = from, ["first"] = copies[i], ["second"] = second });
                    from = second;
                }
                _clones[tensor] = clones;
                streams.AddRange(copies.Where(c => c != _var[tensor]));
                streams.AddRange(clones.Take(clones.Count - 1).Select(c => (string)c["second"]!));
            }
            _internal[tensor] = streams;
        }
    }

    /// <summary>The stream a layer reads as its i-th input.</summary>
    public string ReaderVar(Layer consumer, int i) => _readerVar.TryGetValue((consumer, i), out var v) ? v : _var[consumer.Inputs[i]];

    /// <summary>The stream the producer writes: the tensor's own name, or its _src stream when clones copy it on.</summary>
    public string SourceVar(string tensor) => _clones.ContainsKey(tensor) ? SourceVar(tensor, 2) : _var[tensor];

    private string SourceVar(string tensor, int readerCount) =>
        readerCount > 1 && !_graph.Inputs.Contains(tensor) ? $"{_var[tensor]}_src" : _var[tensor];

    /// <summary>Clone calls that follow the producer of a tensor (empty when it has one reader).</summary>
    public IReadOnlyList<Dictionary<string, object?>> Clones(string tensor) =>
        _clones.TryGetValue(tensor, out var c) ? c : Array.Empty<Dictionary<string, object?>>();

    /// <summary>Internal streams carrying a tensor, with their word type and FIFO depth.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Declarations(string tensor, int? depth = null)
    {
        var t = _graph.Tensor(tensor);
        int words = t.Size / HlsWriter.StreamPack(t);
        return _internal[tensor].Select(name => new Dictionary<string, object?>
        {
            ["var"] = name, ["type"] = _type[tensor], ["depth"] = depth ?? words,
        }).ToList();
    }
}
