using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Onnx;

/// <summary>
/// torch.onnx.export writes LSTM/GRU/RNN time-major: Transpose(x, [1,0,2]) → RNN → Y [T, D, N, H], then
/// Squeeze(axis 1) → Transpose([1,0,2]) (one direction) or Transpose([0,2,1,3]) → Reshape → Transpose([1,0,2])
/// (bidirectional) back to batch-first, and Y_h [D, N, H] read through Squeeze(axis 0) or Gather(axis 0, k); the
/// initial states are zeros expanded to the batch size (Expand of a zero constant by a Shape of the input). The
/// converter computes one sample with the batch axis first, so these are rewritten to a batch-first node before
/// conversion: the RNN reads x itself, writes the batch-first sequence [N, T, D·H] and the chosen direction's last
/// state [N, H] under the names the exporter's tail produced, and zero initial states are dropped. Initial states
/// that are graph inputs ([D, N, H], e.g. <c>lstm(x, (h0, c0))</c>) are recorded so that their batch axis (1) is
/// dropped; a Y_h or Y_c read whole by another recurrent node's initial state (an encoder feeding a decoder) or
/// returned as a model output keeps every direction. The node is marked (attributes <c>hls4ml_batch_first</c>,
/// <c>hls4ml_state_direction</c>, <c>hls4ml_cell_state</c>) for the handler, which refuses any form it does not
/// recognize with HLS0153.
/// </summary>
internal static class OnnxRecurrentPatterns
{
    public const string BatchFirst = "hls4ml_batch_first";
    public const string StateDirection = "hls4ml_state_direction";

    /// <summary>StateDirection when Y_h is unused or read in a form not recognized (-1 is a valid index: the last direction).</summary>
    public const long NoState = long.MinValue;

    /// <summary>StateDirection when Y_h is read whole ([D, N, H]: every direction's last state).</summary>
    public const long AllDirections = long.MaxValue;

    /// <summary>Marks a node whose Y_c is read whole (another node's initial cell state or a model output).</summary>
    public const string CellState = "hls4ml_cell_state";

    private static readonly string[] RecurrentOps = { "LSTM", "GRU", "RNN" };

    public static List<OnnxNodeProto> Rewrite(List<OnnxNodeProto> nodes, OnnxConversion conversion, OnnxGraphProto g)
    {
        if (!nodes.Any(n => RecurrentOps.Contains(n.OpType) && n.Domain is "" or "ai.onnx")) return nodes;
        var producer = new Dictionary<string, OnnxNodeProto>(StringComparer.Ordinal);
        foreach (var n in nodes) foreach (var o in n.Outputs) producer[o] = n;
        var graphOutputs = g.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        List<OnnxNodeProto> Consumers(string value) => nodes.Where(n => n.Inputs.Contains(value)).ToList();
        bool SoleConsumer(string value, out OnnxNodeProto consumer)
        {
            var c = Consumers(value);
            consumer = c.Count == 1 ? c[0] : null!;
            return c.Count == 1 && !graphOutputs.Contains(value);
        }

        OnnxTensor? Constant(string name)
        {
            if (conversion.Values.TryGetValue(name, out var v) && v.Constant is { } c) return c;
            if (producer.TryGetValue(name, out var p) && p.OpType == "Constant" && p.Attributes.FirstOrDefault(a => a.Name == "value")?.T is { } t)
                return OnnxTensorDecoder.Decode(t, conversion.SourceFile);
            return null;
        }
        bool IsZero(string name)
        {
            if (Constant(name) is { } c) return c.Values.All(v => v == 0);
            if (!producer.TryGetValue(name, out var p)) return false;
            // Zeros reshaped or cut up (torch slices one zero tensor into every layer's states) stay zeros.
            if (p.OpType is "Expand" or "Slice" or "Squeeze" or "Unsqueeze" or "Reshape" or "Identity" or "Gather" && p.Inputs.Count > 0) return IsZero(p.Inputs[0]);
            if (p.OpType == "ConstantOfShape")
                return p.Attributes.FirstOrDefault(a => a.Name == "value")?.T is not { } value
                    || OnnxTensorDecoder.Decode(value, conversion.SourceFile).Values.All(v => v == 0);
            return false;
        }
        long[]? Ints(OnnxNodeProto n, string attribute, int input)
        {
            if (n.Attributes.FirstOrDefault(a => a.Name == attribute) is { } a) return a.Ints.Count > 0 ? a.Ints.ToArray() : new[] { a.I };
            return input >= 0 && n.Inputs.Count > input && n.Inputs[input].Length > 0 ? Constant(n.Inputs[input])?.ToLongs() : null;
        }
        bool Is(OnnxNodeProto n, string op, string attribute, int input, params long[] values) =>
            n.OpType == op && Ints(n, attribute, input) is { } v && v.SequenceEqual(values);

        var removed = new HashSet<OnnxNodeProto>();
        var graphInputs = g.Inputs.Select(i => i.Name).Where(n => !conversion.Values.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        // Whether every reader of a value takes it as a recurrent node's initial state (input 5 = h, 6 = c); a model
        // output of the value also keeps the [D, N, H] form.
        bool ReadAsState(string value, int stateInput) =>
            Consumers(value) is { } readers
            && (readers.Count > 0 || graphOutputs.Contains(value))
            && readers.All(r => RecurrentOps.Contains(r.OpType) && Enumerable.Range(0, r.Inputs.Count).All(k => r.Inputs[k] != value || k == stateInput));

        // h_n of a stack (torch num_layers > 1): Gather(Concat(Y_h of every layer), axis 0, k) is one direction of one
        // layer's Y_h, which that node then outputs itself.
        var stackedState = new Dictionary<OnnxNodeProto, (long Index, string Output)>();
        foreach (var gather in nodes.Where(x => x.OpType == "Gather" && (Ints(x, "axis", -1) ?? new[] { 0L })[0] == 0))
        {
            if (!producer.TryGetValue(gather.Inputs[0], out var concat) || concat.OpType != "Concat" || (Ints(concat, "axis", -1) ?? new[] { -1L })[0] != 0
                || !SoleConsumer(concat.Outputs[0], out _) || Constant(gather.Inputs[1]) is not { Rank: 0 } index)
                continue;
            var layers = concat.Inputs.Select(i => producer.TryGetValue(i, out var r) && RecurrentOps.Contains(r.OpType) && r.Outputs.Count > 1 && r.Outputs[1] == i
                && SoleConsumer(i, out _) ? r : null).ToList();
            if (layers.Any(l => l is null)) continue;
            var directions = layers.Select(l => l!.Attributes.Any(a => a.Name == "direction" && a.S.ToStringUtf8() == "bidirectional") ? 2L : 1L).ToList();
            long total = directions.Sum(), k = (long)index.Values[0];
            if (k < -total || k >= total) continue;
            if (k < 0) k += total;
            int layer = 0;
            while (k >= directions[layer]) k -= directions[layer++];
            foreach (var l in layers) l!.Outputs[1] = "";
            stackedState[layers[layer]!] = (k, gather.Outputs[0]);
            removed.Add(concat);
            removed.Add(gather);
        }
        // Sequences already rewritten batch-first: a stacked layer (torch num_layers > 1) reads the one below directly.
        var batchFirstSequences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in nodes.Where(n => RecurrentOps.Contains(n.OpType)))
        {
            bool batchFirst = n.Attributes.Any(a => a.Name == "layout" && a.I == 1) || batchFirstSequences.Contains(n.Inputs[0]);
            if (!batchFirst && producer.TryGetValue(n.Inputs[0], out var transpose) && Is(transpose, "Transpose", "perm", -1, 1, 0, 2))
            {
                n.Inputs[0] = transpose.Inputs[0];
                batchFirst = true;
            }
            if (!batchFirst) continue;
            // Zero initial states (h0, and c0 for LSTM) are the cell's own start: dropped.
            foreach (var i in n.OpType == "LSTM" ? new[] { 5, 6 } : new[] { 5 })
            {
                if (n.Inputs.Count <= i || n.Inputs[i].Length == 0) continue;
                if (IsZero(n.Inputs[i])) n.Inputs[i] = "";
                else if (graphInputs.Contains(n.Inputs[i]) && ReadAsState(n.Inputs[i], i)) conversion.RecurrentStateInputs.Add(n.Inputs[i]);
            }

            bool sequenceRewritten = false;
            if (n.Outputs.Count > 0 && n.Outputs[0].Length > 0 && SoleConsumer(n.Outputs[0], out var first))
            {
                if (Is(first, "Squeeze", "axes", 1, 1) && SoleConsumer(first.Outputs[0], out var back) && Is(back, "Transpose", "perm", -1, 1, 0, 2))
                {
                    n.Outputs[0] = back.Outputs[0];
                    removed.Add(first);
                    removed.Add(back);
                    sequenceRewritten = true;
                }
                else if (Is(first, "Transpose", "perm", -1, 0, 2, 1, 3) && SoleConsumer(first.Outputs[0], out var reshape) && reshape.OpType == "Reshape"
                         && Ints(reshape, "shape", 1) is { Length: 3 } target && target[2] is -1 or > 0
                         && SoleConsumer(reshape.Outputs[0], out var back2) && Is(back2, "Transpose", "perm", -1, 1, 0, 2))
                {
                    n.Outputs[0] = back2.Outputs[0];
                    removed.Add(first);
                    removed.Add(reshape);
                    removed.Add(back2);
                    sequenceRewritten = true;
                }
            }
            // The time-major sequence [T, N, D·H] (one direction: Squeeze(axis 1); bidirectional: Transpose + Reshape)
            // read only by the next layers of a stack: they read this node's batch-first sequence instead.
            if (!sequenceRewritten && n.Outputs.Count > 0 && n.Outputs[0].Length > 0 && SoleConsumer(n.Outputs[0], out var tail))
            {
                var chain = new List<OnnxNodeProto>();
                string? timeMajor = null;
                if (Is(tail, "Squeeze", "axes", 1, 1))
                {
                    chain.Add(tail);
                    timeMajor = tail.Outputs[0];
                }
                else if (Is(tail, "Transpose", "perm", -1, 0, 2, 1, 3) && SoleConsumer(tail.Outputs[0], out var reshape) && reshape.OpType == "Reshape"
                         && Ints(reshape, "shape", 1) is { Length: 3 } target && target[2] is -1 or > 0)
                {
                    chain.Add(tail);
                    chain.Add(reshape);
                    timeMajor = reshape.Outputs[0];
                }
                if (timeMajor is not null && !graphOutputs.Contains(timeMajor) && Consumers(timeMajor) is { Count: > 0 } upperLayers
                    && upperLayers.All(c => RecurrentOps.Contains(c.OpType) && c.Inputs[0] == timeMajor && c.Inputs.Skip(1).All(i => i != timeMajor)))
                {
                    var sequence = n.Outputs[0] + "/hls4ml_batch_first";
                    n.Outputs[0] = sequence;
                    foreach (var c in upperLayers) c.Inputs[0] = sequence;
                    foreach (var r in chain) removed.Add(r);
                    batchFirstSequences.Add(sequence);
                    sequenceRewritten = true;
                }
            }
            // A batch-first layout=1 node already writes [N, T, D, H]; the time-major one is only understood rewritten.
            if (!sequenceRewritten && !n.Attributes.Any(a => a.Name == "layout" && a.I == 1) && n.Outputs.Count > 0 && n.Outputs[0].Length > 0
                && (Consumers(n.Outputs[0]).Count > 0 || graphOutputs.Contains(n.Outputs[0])))
                continue;

            long stateDirection = NoState;
            if (stackedState.TryGetValue(n, out var stacked))
            {
                n.Outputs[1] = stacked.Output;
                stateDirection = stacked.Index;
            }
            if (n.Outputs.Count > 1 && n.Outputs[1].Length > 0 && SoleConsumer(n.Outputs[1], out var state))
            {
                if (Is(state, "Squeeze", "axes", 1, 0))
                    stateDirection = 0;
                else if (state.OpType == "Gather" && (Ints(state, "axis", -1) ?? new[] { 0L })[0] == 0 && Constant(state.Inputs[1]) is { Rank: 0 } index)
                    stateDirection = (long)index.Values[0];
                if (stateDirection != NoState)
                {
                    n.Outputs[1] = state.Outputs[0];
                    removed.Add(state);
                }
            }
            if (stateDirection == NoState && n.Outputs.Count > 1 && n.Outputs[1].Length > 0 && ReadAsState(n.Outputs[1], 5))
                stateDirection = AllDirections;
            if (n.OpType == "LSTM" && n.Outputs.Count > 2 && n.Outputs[2].Length > 0 && ReadAsState(n.Outputs[2], 6))
                n.Attributes.Add(new OnnxAttributeProto { Name = CellState, Type = OnnxAttributeType.Int, I = 1 });
            n.Attributes.Add(new OnnxAttributeProto { Name = BatchFirst, Type = OnnxAttributeType.Int, I = sequenceRewritten ? 1 : 2 });
            n.Attributes.Add(new OnnxAttributeProto { Name = StateDirection, Type = OnnxAttributeType.Int, I = stateDirection });
        }
        return nodes.Where(n => !removed.Contains(n)).ToList();
    }
}
