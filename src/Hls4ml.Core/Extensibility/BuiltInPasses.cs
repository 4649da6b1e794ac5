using Hls4ml.Passes;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.BuiltInPasses))]

namespace Hls4ml.Extensibility;

/// <summary>
/// The built-in flows and their passes, registered through the same calls an extension uses (AddFlow/AddPass), so an
/// extension can put its own pass after or before any of these by name.
/// </summary>
public sealed class BuiltInPasses : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddFlow(PassFlow.ConvertFlow);
        registry.AddPass(PassFlow.ConvertFlow, new RemoveDropout());

        registry.AddFlow(PassFlow.BackendFlow);
        foreach (var pass in new IPass[]
        {
            new RemoveDeadLayers(), new MergeBatchNormThreshold(), new ApplyLayerConfig(), new InferPrecisions(), new EliminateLinearActivation(),
            // Folding changes the tensors downstream layers derive their types from: infer again.
            new FuseBatchNorm(), new InferPrecisions("infer_precisions_after_folding"), new ReportHls4mlCompatibility(),
            new AliasParallelReshapes(), new AliasStreamFlatten(), new InsertStreamConvPadding(), new EncodeWindowInstructions(), new WarnIneffectiveSettings(),
            new ValidateReuseFactor(), new ValidateConvParallelization(), new CheckPartitionSizes(), new CheckConvPartitionSizes(), new NumberLayers(),
            new EstimateResources(),
        })
            registry.AddPass(PassFlow.BackendFlow, pass);
    }
}
