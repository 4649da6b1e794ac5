using Hls4ml.Ir;

namespace Hls4ml.Backends;

/// <summary>
/// io_stream naming of every FIFO. A stream can be read once, so a tensor read by several layers (or read by a layer
/// and also a model output) is written into a source stream and copied by a chain of nnet::clone_stream calls into one
/// stream per reader (hls4ml's Clone layers). Every internal stream gets a FIFO depth: the tensor's word count by
/// default (hls4ml's conservative default, which never deadlocks), or the producing layer's FifoDepth setting.
/// Also records which layer writes and which reads each stream (<see cref="Ends"/>), for CSim's stream diagnostics.
/// </summary>
internal sealed class StreamFanOut
{
    private const string Testbench = "testbench";

    private readonly ModelGraph _graph;
    private readonly IReadOnlyDictionary<string, string> _type;
    private readonly Dictionary<(Layer, int), string> _readerVar = new();
    private readonly Dictionary<string, string> _source = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CloneModel>> _clones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _internal = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string[]> _ends = new(StringComparer.Ordinal);

    public StreamFanOut(ModelGraph graph, IReadOnlyDictionary<string, string> tensorVar, IReadOnlyDictionary<string, string> tensorType)
    {
        (_graph, _type) = (graph, tensorType);
        foreach (var tensor in graph.Tensors.Keys)
        {
            var var = tensorVar[tensor];
            var producer = graph.Producer(tensor);
            var writer = producer is null || producer.Type == "Input" ? Testbench : producer.Name;
            var readers = graph.Layers.SelectMany(l => l.Inputs.Select((t, i) => (Layer: l, Index: i, Tensor: t)))
                .Where(r => r.Tensor == tensor).Select(r => ((Layer, int)?)(r.Layer, r.Index)).ToList();
            if (graph.Outputs.Contains(tensor)) readers.Add(null);   // the output port
            string ReaderName(int i) => readers[i] is { } r ? r.Item1.Name : Testbench;

            var streams = new List<string>();
            _internal[tensor] = streams;
            bool isInput = graph.Inputs.Contains(tensor);
            if (readers.Count <= 1)
            {
                // One stream from producer to reader; internal unless it is a port (a model input or output).
                _source[tensor] = var;
                if (!isInput && !graph.Outputs.Contains(tensor)) streams.Add(var);
                _ends[var] = new[] { writer, readers.Count == 1 ? ReaderName(0) : Testbench };
                continue;
            }

            // The producer writes a source stream (an input port writes itself), cloned into one copy per reader; the
            // output port, when it is one of the readers, is its own copy.
            var source = isInput ? var : $"{var}_src";
            var clone = $"clone of {producer?.Name ?? var}";
            _source[tensor] = source;
            if (!isInput) streams.Add(source);
            _ends[source] = new[] { writer, clone };
            var copies = readers.Select((r, i) => r is null ? var : $"{var}_cpy{i + 1}").ToList();
            for (int i = 0; i < readers.Count; i++)
            {
                if (readers[i] is { } r) _readerVar[r] = copies[i];
                _ends[copies[i]] = new[] { clone, ReaderName(i) };
            }
            streams.AddRange(copies.Where(c => c != var));
            var clones = new List<CloneModel>();
            var from = source;
            for (int i = 0; i < readers.Count - 1; i++)
            {
                var second = i == readers.Count - 2 ? copies[i + 1] : $"{var}_fwd{i + 1}";
                if (second != copies[i + 1])
                {
                    streams.Add(second);
                    _ends[second] = new[] { clone, clone };
                }
                clones.Add(new CloneModel(tensorType[tensor], graph.Tensor(tensor).Size, from, copies[i], second));
                from = second;
            }
            _clones[tensor] = clones;
        }
    }

    /// <summary>The stream a layer reads as its i-th input.</summary>
    public string ReaderVar(Layer consumer, int i) => _readerVar.TryGetValue((consumer, i), out var v) ? v : _source[consumer.Inputs[i]];

    /// <summary>The stream the producer writes: the tensor's own name, or its _src stream when clones copy it on.</summary>
    public string SourceVar(string tensor) => _source[tensor];

    /// <summary>Clone calls that follow the producer of a tensor (empty when it has one reader).</summary>
    public IReadOnlyList<CloneModel> Clones(string tensor) =>
        _clones.TryGetValue(tensor, out var c) ? c : Array.Empty<CloneModel>();

    /// <summary>Every stream → [writer, reader]: layer names, "clone of X", or "testbench" for ports.</summary>
    public IReadOnlyDictionary<string, string[]> Ends => _ends;

    /// <summary>Internal streams carrying a tensor, with their word type and FIFO depth.</summary>
    public IReadOnlyList<StreamModel> Declarations(string tensor, int? depth = null)
    {
        var t = _graph.Tensor(tensor);
        int words = t.Size / HlsWriter.StreamPack(t);
        return _internal[tensor].Select(name => new StreamModel(name, _type[tensor], depth ?? words)).ToList();
    }
}
