namespace Hls4ml.Diagnostics;

public enum DiagnosticSeverity { Error, Warning, Info }

/// <summary>One row of the diagnostics table: a stable code, its severity, a title and the fix users should try.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string Help);

/// <summary>
/// Every coded diagnostic Hls4ml.Sdk can report. Ranges: HLS00xx project/config, HLS01xx model files and frontends,
/// HLS02xx IR and passes, HLS03xx backends/code generation, HLS04xx C simulation, HLS05xx synthesis/co-simulation/export,
/// HLS06xx extensions. Codes are never reused; docs/diagnostics.md is generated from this table (see DiagnosticsDocTests).
/// </summary>
public static class DiagnosticCodes
{
    // HLS00xx: project and configuration
    public static readonly DiagnosticDescriptor InvalidPrecision = new("HLS0001", DiagnosticSeverity.Error,
        "Invalid precision string", "Use a form such as ap_fixed<16,6>, fixed<16,6,RND,SAT>, ap_ufixed<8,0>, ap_int<8>, ap_uint<4>, the XML-friendly fixed(16,6), or on the command line (where MSBuild splits values at commas) fixed(16:6).");
    public static readonly DiagnosticDescriptor InvalidProperty = new("HLS0002", DiagnosticSeverity.Error,
        "Invalid project property value", "Set the property to one of the documented values (see README, 'Properties').");
    public static readonly DiagnosticDescriptor UnknownLayerConfigTarget = new("HLS0003", DiagnosticSeverity.Error,
        "HlsLayerConfig names no layer of the model", "Use one of the layer names listed in the message (names are the Keras layer names; fused activations are named <layer>_<activation>).");
    public static readonly DiagnosticDescriptor UnknownLayerConfigKey = new("HLS0004", DiagnosticSeverity.Error,
        "Unknown per-layer setting", "Use one of the settings the layer declares (listed in the message).");
    public static readonly DiagnosticDescriptor NoModel = new("HLS0005", DiagnosticSeverity.Error,
        "No model in the project", "Add <HlsModel Include=\"model.json\" Weights=\"model_weights.h5\" /> or <HlsModel Include=\"model.h5\" />.");
    public static readonly DiagnosticDescriptor TooManyModels = new("HLS0006", DiagnosticSeverity.Error,
        "More than one HlsModel item", "A .hlsproj converts exactly one model; make one project per model.");
    public static readonly DiagnosticDescriptor UnknownLayerTypeConfigTarget = new("HLS0007", DiagnosticSeverity.Warning,
        "HlsLayerTypeConfig names a layer type the model does not use", "Check the spelling; layer types are IR types such as Dense, Activation, Softmax.");
    public static readonly DiagnosticDescriptor InvalidReuseFactor = new("HLS0008", DiagnosticSeverity.Error,
        "Invalid reuse factor", "Pick one of the valid reuse factors listed in the message.");
    public static readonly DiagnosticDescriptor CannotWriteOutput = new("HLS0009", DiagnosticSeverity.Error,
        "Cannot write a build output", "Not a problem with the model: make the folder named in the message writable (it must be a folder, not a file) or free disk space, or point the output property (HlsOutputDir, HlsIntermediateDir, HlsCSimResultsFile, HlsCSimSummaryFile, HlsEstimatesFile, HlsCSimCacheDir) at a writable folder.");
    public static readonly DiagnosticDescriptor InvalidProfilingProperty = new("HLS0010", DiagnosticSeverity.Error,
        "Invalid profiling or precision-search setting", "Set HlsPrecisionTolerance to a positive number (the largest absolute output error against the float model you accept), HlsPrecisionMargin to a number of 0 or more (the headroom over the observed range, 0.25 = 25%) and HlsProfileRows to a positive integer.");
    public static readonly DiagnosticDescriptor ProfilingNeedsTestData = new("HLS0011", DiagnosticSeverity.Error,
        "Profiling needs test data", "Add <HlsTestData Include=\"input.dat\" /> with representative inputs: the trace, the profile and the precision search all run the C simulation on it.");

    // hls4ml configuration files (HlsConfigFile), the configuration template (HlsConfigTemplate)
    public static readonly DiagnosticDescriptor ConfigFileUnreadable = new("HLS0020", DiagnosticSeverity.Error,
        "hls4ml configuration file cannot be read", "Check the HlsConfigFile path and its syntax at the line named in the message: a .yml/.yaml or .json file whose top level is a mapping of hls4ml keys (KerasJson, OnnxModel, OutputDir, ProjectName, Part, ClockPeriod, Backend, IOType, HLSConfig).");
    public static readonly DiagnosticDescriptor ConfigKeyNotUnderstood = new("HLS0021", DiagnosticSeverity.Warning,
        "Configuration key not understood", "Check the spelling against the keys listed in the message (README, 'Coming from hls4ml'); the key is ignored.");
    public static readonly DiagnosticDescriptor ConfigSettingWithoutEffect = new("HLS0022", DiagnosticSeverity.Warning,
        "Configuration setting has no effect here", "Remove the setting, or use the counterpart the message names; Hls4ml.Sdk does not implement it, so the build proceeds as if it were absent.");
    public static readonly DiagnosticDescriptor ConfigValueInvalid = new("HLS0023", DiagnosticSeverity.Error,
        "Invalid value in a configuration file", "Write the value in the form the message names (an integer, a number, a precision string such as ap_fixed<16,6>, a mapping of precision slots).");
    public static readonly DiagnosticDescriptor ConfigLayerNotInModel = new("HLS0024", DiagnosticSeverity.Warning,
        "Configuration names a layer the model does not have", "Use one of the layer names listed in the message (hls4ml names: Keras layer names, fused activations <layer>_<activation>, inputs <first layer>_input); the section is ignored.");
    public static readonly DiagnosticDescriptor TooManyConfigFiles = new("HLS0025", DiagnosticSeverity.Error,
        "More than one HlsConfigFile item", "A project reads one hls4ml configuration file; merge them, or move settings into the project (properties and HlsLayerConfig items override the file).");
    public static readonly DiagnosticDescriptor ConfigBookkeepingIgnored = new("HLS0026", DiagnosticSeverity.Info,
        "hls4ml bookkeeping key ignored", "Nothing to do: hls4ml writes these keys (Stamp, InputShapes, OutputShapes) into the configurations it saves; they do not configure a conversion.");
    public static readonly DiagnosticDescriptor InvalidConfigGranularity = new("HLS0027", DiagnosticSeverity.Error,
        "Invalid HlsConfigGranularity", "Set HlsConfigGranularity to model, type or name (as hls4ml's config_from_keras_model granularity).");
    public static readonly DiagnosticDescriptor ExampleDownloadFailed = new("HLS0028", DiagnosticSeverity.Error,
        "Example model download failed", "Check the network and the URL in the message; HlsExampleModelsUrl sets the repository (a mirror, or a local folder served over HTTP). Files downloaded before are reused from HlsExampleModelsCache.");
    public static readonly DiagnosticDescriptor UnknownExampleModel = new("HLS0029", DiagnosticSeverity.Error,
        "Unknown example model", "Use one of the model names listed in the message (from the repository's available_models.json); run -t:HlsFetchExampleModel without HlsExampleModel to list them.");

    public static readonly DiagnosticDescriptor NothingToPackage = new("HLS0015", DiagnosticSeverity.Error,
        "Pack or Publish found no generated HLS project", "Build the project first (dotnet build), or run dotnet pack / dotnet publish without --no-build.");

    // HLS01xx: model files and frontends
    public static readonly DiagnosticDescriptor ModelFileNotFound = new("HLS0101", DiagnosticSeverity.Error,
        "Model file not found", "Check the HlsModel Include/Weights paths (relative to the project file).");
    public static readonly DiagnosticDescriptor UnreadableModelFile = new("HLS0102", DiagnosticSeverity.Error,
        "Model file cannot be read", "Re-save the model with Keras (model.to_json()/save_weights() or model.save('m.h5')).");
    public static readonly DiagnosticDescriptor UnsupportedLayer = new("HLS0103", DiagnosticSeverity.Error,
        "Unsupported layer", "Replace the layer, or add it as an extension layer (docs/extending.md) and reference it with <HlsExtension>.");
    public static readonly DiagnosticDescriptor MissingWeights = new("HLS0104", DiagnosticSeverity.Error,
        "Weights missing for a layer", "Pass the weights file saved from the same model (Weights=\"..._weights.h5\") or a full model .h5.");
    public static readonly DiagnosticDescriptor UnsupportedActivation = new("HLS0105", DiagnosticSeverity.Error,
        "Unsupported activation function", "Use one of the supported activations listed in the message.");
    public static readonly DiagnosticDescriptor UnsupportedModelFormat = new("HLS0106", DiagnosticSeverity.Error,
        "Unsupported model file format", "Use a Keras .json (+ Weights .h5), a full-model .h5, a Keras 3 .keras archive, or an .onnx file.");
    public static readonly DiagnosticDescriptor UnsupportedGraph = new("HLS0107", DiagnosticSeverity.Error,
        "Unsupported model graph", "Use each layer once (no shared layers) and only layers with a single output; split the model otherwise.");
    public static readonly DiagnosticDescriptor WeightShapeMismatch = new("HLS0108", DiagnosticSeverity.Error,
        "Weight shape does not match the layer", "The weights file belongs to a different model; re-export both files together.");
    public static readonly DiagnosticDescriptor UnsupportedOnnxOp = new("HLS0109", DiagnosticSeverity.Error,
        "Unsupported ONNX operator", "Export the model with layers whose ONNX operators are supported (docs/onnx.md lists them), or register an IOnnxOpHandler for the operator in an extension (docs/extending.md).");
    public static readonly DiagnosticDescriptor UnsupportedOnnxNode = new("HLS0110", DiagnosticSeverity.Error,
        "ONNX node uses an unsupported attribute or input", "Change the layer named in the message as it says (e.g. dilation 1, constant weights, nearest-neighbour resizing) and export the model again.");
    public static readonly DiagnosticDescriptor UnsupportedOnnxOpset = new("HLS0111", DiagnosticSeverity.Error,
        "Unsupported ONNX opset", "Export with an opset between 6 and 21, e.g. torch.onnx.export(..., opset_version=13).");
    public static readonly DiagnosticDescriptor OnnxExternalDataMissing = new("HLS0112", DiagnosticSeverity.Error,
        "ONNX external tensor data not found", "Keep the external data files written with the model (onnx.save(..., save_as_external_data=True)) beside the .onnx file under the names the model records.");
    public static readonly DiagnosticDescriptor UnknownOnnxInputShape = new("HLS0113", DiagnosticSeverity.Error,
        "ONNX model input has an unknown dimension", "Export with a fixed input shape: only the first (batch) axis may be dynamic (torch.onnx.export dynamic_axes={'input': {0: 'batch'}}).");
    public static readonly DiagnosticDescriptor InvalidOnnxFile = new("HLS0114", DiagnosticSeverity.Error,
        "ONNX file cannot be parsed", "Check that the file is a complete ONNX model (onnx.checker.check_model passes) and export it again.");
    public static readonly DiagnosticDescriptor OnnxExternalDataOutsideModel = new("HLS0115", DiagnosticSeverity.Error,
        "ONNX external data file is outside the model's folder or not a regular file", "Keep external data files as regular files in the model's folder (or below it) and save the model with relative locations: onnx.save(model, path, save_as_external_data=True, location='weights.bin').");
    public static readonly DiagnosticDescriptor OnnxExternalDataRange = new("HLS0116", DiagnosticSeverity.Error,
        "ONNX external data offset or length is invalid", "Export the model again; offset and length of an external tensor must be non-negative integers within its data file.");
    // HLS0140-0149: quantization-aware models (QONNX, HGQ)
    public static readonly DiagnosticDescriptor UnsupportedQuantizerSetting = new("HLS0140", DiagnosticSeverity.Error,
        "Quantizer setting not supported", "Use one of the supported settings listed in the message (docs/quantization-qonnx-hgq.md maps each quantizer to its ap type); a quantizer that cannot be reproduced exactly is never simulated at another precision.");
    public static readonly DiagnosticDescriptor QuantizerParameterNotConstant = new("HLS0141", DiagnosticSeverity.Error,
        "Quantizer parameter computed at run time", "Scale, zero-point and bit width of Quant/BipolarQuant/Trunc must be constants (initializers): fold them with the QONNX tools (qonnx cleanup) before converting.");
    public static readonly DiagnosticDescriptor QuantizedLayerNotExact = new("HLS0142", DiagnosticSeverity.Warning,
        "Layer of a quantized model has no exact fixed-point type", "The layer named in the message computes values no fixed-point type holds exactly (a non-power-of-two constant, a table-based function, or a type wider than 1023 bits); it uses the model default precision. Quantize its input/weights, or set its precision with HlsLayerConfig.");
    public static readonly DiagnosticDescriptor MalformedQuantizer = new("HLS0143", DiagnosticSeverity.Error,
        "Malformed quantizer in the model file", "The quantizer named in the message has missing or inconsistent parameters (bit widths, shapes); save the model again with the quantization tool.");

    public static readonly DiagnosticDescriptor Hdf5ExternalReference = new("HLS0120", DiagnosticSeverity.Error,
        "HDF5 weights refer to data outside the file", "Keras writes weights as plain datasets inside the file: save the model again with model.save() / save_weights(), or rewrite the file with every weight stored in it (e.g. copy each dataset's values into a new file with h5py); soft links, external links, external-storage and virtual datasets are not followed.");
    public static readonly DiagnosticDescriptor InputTooLarge = new("HLS0121", DiagnosticSeverity.Error,
        "Model file exceeds a size limit", "Check that the file is the model you meant (the message names the limit: 64 MiB of model JSON, 1 GiB of weights in a .keras archive, 2^28 values per weight or tensor); models that large do not fit an FPGA.");
    public static readonly DiagnosticDescriptor UnsafeDownloadedName = new("HLS0160", DiagnosticSeverity.Error,
        "Downloaded file name is not a plain file name", "The example-model repository named a file with a folder, '..', or characters outside letters, digits and ._-; fetch only from a repository you trust, or download the files yourself and name them in HlsModel.");
    public static readonly DiagnosticDescriptor ExampleListingInvalid = new("HLS0161", DiagnosticSeverity.Error,
        "Example model listing cannot be read", "available_models.json at the repository named in the message must be a JSON object mapping a framework (keras, onnx, pytorch) to a list of file names; check HlsExampleModelsUrl.");
    public static readonly DiagnosticDescriptor ExampleProjectExists = new("HLS0162", DiagnosticSeverity.Error,
        "Example project file already exists", "Delete or rename the file named in the message, or pass -p:HlsExampleOverwrite=true to replace it.");

    public static readonly DiagnosticDescriptor UnsupportedQuantizer = new("HLS0130", DiagnosticSeverity.Error,
        "Quantizer not supported", "Use one of the supported QKeras quantizers listed in the message (quantized_bits, quantized_relu, quantized_tanh, quantized_sigmoid, quantized_po2, quantized_relu_po2, binary, stochastic_binary, ternary, stochastic_ternary) with the parameters it names; the model is never simulated at a precision the quantizer does not define.");
    public static readonly DiagnosticDescriptor InvalidQuantizer = new("HLS0131", DiagnosticSeverity.Error,
        "Quantizer configuration cannot be read", "Re-save the model with QKeras: the quantizer must be a call string such as quantized_bits(6,0,alpha=1) or a {class_name, config} object with the documented arguments.");
    public static readonly DiagnosticDescriptor UnsupportedRecurrentOption = new("HLS0150", DiagnosticSeverity.Error,
        "Recurrent layer option not supported", "The message names the option and its fix: stateful=True → rebuild the layer with stateful=False (state is reset for every inference) and carry state outside the model; time_major, unroll and masking options → save the model without them; a Bidirectional wrapper whose backward_layer differs from its forward layer in type or units → use the same layer for both directions.");
    public static readonly DiagnosticDescriptor UnsupportedEmbeddingOption = new("HLS0152", DiagnosticSeverity.Error,
        "Embedding option not supported", "mask_zero=True changes how following recurrent layers skip steps, which is not implemented: train with mask_zero=False, or pad sequences with a real token.");
    public static readonly DiagnosticDescriptor UnsupportedOnnxRecurrent = new("HLS0153", DiagnosticSeverity.Error,
        "ONNX recurrent node form not supported", "Export the model with torch.onnx.export as-is (batch_first input, no sequence_lens, zero or constant initial states, default activations and no clip); the message names the attribute or input that differs.");

    // HLS02xx: IR and passes
    public static readonly DiagnosticDescriptor ShapeMismatch = new("HLS0201", DiagnosticSeverity.Error,
        "Layer input shape not supported", "Check the model: the layer received a tensor of an unexpected rank.");
    public static readonly DiagnosticDescriptor InvalidIrFile = new("HLS0202", DiagnosticSeverity.Error,
        "Intermediate model file is invalid", "Delete obj/ (dotnet clean) and build again.");
    public static readonly DiagnosticDescriptor UnknownLayerType = new("HLS0203", DiagnosticSeverity.Error,
        "IR layer type is not registered", "Reference the extension that defines the layer type with <HlsExtension>.");
    public static readonly DiagnosticDescriptor BatchNormNotFolded = new("HLS0204", DiagnosticSeverity.Info,
        "BatchNormalization kept as a separate layer", "Nothing to do; the reason it could not be folded into the preceding Dense/Conv is in the message (to fold it, leave its precision unset and give the preceding layer no other consumer).");

    public static readonly DiagnosticDescriptor QuantizerPrecisionLost = new("HLS0210", DiagnosticSeverity.Warning,
        "A configured precision drops bits a quantizer guarantees", "Remove the setting (the quantizer's own type is exact) or widen it by the bits the message names; as set, the layer no longer computes what the trained model computes.");
    public static readonly DiagnosticDescriptor AutoPrecisionUnresolved = new("HLS0211", DiagnosticSeverity.Error,
        "'auto' precision cannot be inferred here", "auto is derived from quantizers (weights, activations) and, for accumulators and results of Dense/Conv/pooling/reshaping layers, from the input and weight types; set an explicit precision for the slot the message names, or give the layer's input a known type.");
    public static readonly DiagnosticDescriptor AutoPrecisionTooWide = new("HLS0212", DiagnosticSeverity.Error,
        "Inferred precision wider than 1023 bits", "The exact accumulator would need more than 1023 bits (ap_fixed stops at AP_INT_MAX_W = 1024, and a sum into a type is one bit wider): set AccumPrecision/ResultPrecision of the layer explicitly or cap inferred types with MaximumPrecision / HlsMaximumPrecision (accepting rounding), or narrow its input precision.");
    public static readonly DiagnosticDescriptor Hls4mlHasNoCounterpart = new("HLS0230", DiagnosticSeverity.Warning,
        "HlsCompatibility=hls4ml: hls4ml rejects this layer", "hls4ml merges two inputs per layer; the merge is computed as the chain of two-input merges hls4ml users build (each partial result in result_t). Nothing to do unless you need another order: then build the chain in the model.");
    public static readonly DiagnosticDescriptor Hls4mlSoftmaxSumWraps = new("HLS0231", DiagnosticSeverity.Warning,
        "HlsCompatibility=hls4ml: the softmax sum can wrap", "hls4ml sums the exps in the model default type, which wraps for this many terms (as hls4ml's own results do). To keep hls4ml's results elsewhere but a correct softmax, give the layer an AccumPrecision with ceil(log2 n) more integer bits, or use HlsCompatibility Default.");

    // HLS03xx: backends and code generation
    public static readonly DiagnosticDescriptor UnknownBackend = new("HLS0301", DiagnosticSeverity.Error,
        "Unknown backend", "Set <HlsBackend> to Vivado or Vitis (or a backend an HlsExtension registers; the message lists them).");
    public static readonly DiagnosticDescriptor NoTemplateForLayer = new("HLS0302", DiagnosticSeverity.Error,
        "No backend template for the layer", "The layer type has no template for this backend and io type: register one in its extension (AddTemplateWithStream adds the io_stream twin, docs/extending.md), or use the io type it has.");
    public static readonly DiagnosticDescriptor TemplateError = new("HLS0303", DiagnosticSeverity.Error,
        "Template failed to render", "Fix the Scriban template named in the message.");
    public static readonly DiagnosticDescriptor UnsupportedIOType = new("HLS0304", DiagnosticSeverity.Error,
        "Unsupported io type", "Set <HlsIOType> to io_parallel (arrays in registers, lowest latency) or io_stream (layers connected by FIFOs; large CNNs).");
    public static readonly DiagnosticDescriptor LargePartition = new("HLS0305", DiagnosticSeverity.Warning,
        "Array partition larger than the HLS limit", "Use Strategy Resource with a larger ReuseFactor, or io_stream, to keep partitions under 4096 elements.");
    public static readonly DiagnosticDescriptor UnsupportedStrategy = new("HLS0306", DiagnosticSeverity.Error,
        "Unsupported strategy", "Use one of the strategies listed in the message for that layer type (Dense: Latency or Resource; others: Latency).");
    public static readonly DiagnosticDescriptor LargeTensorPartition = new("HLS0307", DiagnosticSeverity.Warning,
        "Layer tensor larger than the HLS partition limit", "io_parallel keeps every layer input and output in registers; shrink the feature maps (strides, pooling, smaller input), use <HlsIOType>io_stream</HlsIOType> (tensors in FIFOs, convolutions over line buffers), or raise HlsMaximumPartitionSize knowingly.");
    public static readonly DiagnosticDescriptor LargeUnroll = new("HLS0308", DiagnosticSeverity.Warning,
        "Fully unrolled loop above the unroll threshold", "Apply the setting named in the message: Strategy Resource with the smallest valid ReuseFactor that keeps each unrolled block at most HlsUnrollWarningThreshold (default 4096, where Vivado HLS stops unrolling with XFORM 203-504) multiplications, or a smaller ParallelizationFactor for a convolution.");
    public static readonly DiagnosticDescriptor CnnShouldStream = new("HLS0309", DiagnosticSeverity.Warning,
        "io_parallel CNN should use io_stream", "Set <HlsIOType>io_stream</HlsIOType>: feature maps then flow through FIFOs and line buffers instead of registers (warned when the CNN's feature maps together exceed HlsMaximumPartitionSize elements).");
    public static readonly DiagnosticDescriptor SettingIgnoredForIOType = new("HLS0310", DiagnosticSeverity.Warning,
        "Layer setting has no effect with this io type", "Remove the setting, or switch HlsIOType: ParallelizationFactor applies to io_parallel convolutions (io_stream computes one output pixel per window as pixels arrive), ConvImplementation to io_stream.");
    public static readonly DiagnosticDescriptor UnsafeAttributeText = new("HLS0311", DiagnosticSeverity.Error,
        "Layer attribute text cannot be written into generated code", "Use letters, digits and _:<>,.+-()[] in the attribute (a model or setting value with quotes, line breaks or comment markers would change the generated C++).");
    public static readonly DiagnosticDescriptor InvalidRecurrentReuseFactor = new("HLS0320", DiagnosticSeverity.Error,
        "RecurrentReuseFactor is not valid for the recurrent product", "Use one of the valid values the message lists (the same rule as ReuseFactor, applied to the units x units product of each gate).");

    // HLS04xx: C simulation
    public static readonly DiagnosticDescriptor CompilerNotFound = new("HLS0401", DiagnosticSeverity.Error,
        "C++ compiler not found", "Install g++ (Debian/Ubuntu: apt-get install g++) or set HlsCxx to the compiler path.");
    public static readonly DiagnosticDescriptor CompileFailed = new("HLS0402", DiagnosticSeverity.Error,
        "Generated C++ failed to compile", "The first compiler errors are shown; if the project was generated by an extension, fix its header or template.");
    public static readonly DiagnosticDescriptor SimulationFailed = new("HLS0403", DiagnosticSeverity.Error,
        "C simulation failed", "The simulation's own output is shown in the message.");
    public static readonly DiagnosticDescriptor TestDataNotFound = new("HLS0404", DiagnosticSeverity.Error,
        "Test data file not found", "Check the HlsTestData Include/Expected paths.");
    public static readonly DiagnosticDescriptor TestDataShape = new("HLS0405", DiagnosticSeverity.Error,
        "Test data rows have the wrong number of values", "Each line must hold the flattened model input (all inputs concatenated), whitespace-separated.");
    public static readonly DiagnosticDescriptor ExpectedMismatch = new("HLS0406", DiagnosticSeverity.Warning,
        "C simulation differs from the expected output beyond the tolerance", "Widen the precision of the layers with the largest error (HlsLayerConfig ResultPrecision/AccumPrecision) or set HlsCSimTolerance.");
    public static readonly DiagnosticDescriptor StreamReadEmpty = new("HLS0407", DiagnosticSeverity.Error,
        "io_stream: a layer read from an empty stream", "The layer named in the message reads more words than its producer writes (in hardware it would stall forever): check the word counts of the extension layer's stream kernel, or report the model if it is a built-in layer.");
    public static readonly DiagnosticDescriptor StreamLeftover = new("HLS0408", DiagnosticSeverity.Error,
        "io_stream: data left in a stream after an inference", "The layer reading the stream named in the message stops before its producer's last word (in hardware the FIFO fills and the next inference stalls): check the word counts of the extension layer's stream kernel, or report the model if it is a built-in layer.");
    public static readonly DiagnosticDescriptor LayerOverflow = new("HLS0410", DiagnosticSeverity.Warning,
        "A layer's output left the range of its type", "Give the layer the integer bits the message names (HlsLayerConfig ResultPrecision, or AccumPrecision for an accumulator), or run -t:HlsSuggestPrecision to choose every layer's precision from the data.");
    public static readonly DiagnosticDescriptor WeightOverflow = new("HLS0411", DiagnosticSeverity.Warning,
        "Weights do not fit their type", "Give the layer's weights the integer bits the message names (HlsLayerConfig WeightPrecision/BiasPrecision), or run -t:HlsSuggestPrecision.");
    public static readonly DiagnosticDescriptor PrecisionBudgetNotMet = new("HLS0412", DiagnosticSeverity.Warning,
        "Suggested precisions miss the error budget on held-out rows", "Raise HlsPrecisionTolerance, add representative rows to HlsTestData (the search calibrates on the first half, checks on the second), or widen the layers the report ranks first by hand.");

    // HLS05xx: synthesis, co-simulation and export (the vendor HLS tool)
    public static readonly DiagnosticDescriptor HlsToolNotFound = new("HLS0501", DiagnosticSeverity.Error,
        "HLS tool not found", "Install the tool for the backend (Vivado: vivado_hls 2018.2-2020.1; Vitis: vitis_hls 2020.2-2023.1 or vitis-run 2023.2+), then set HlsToolPath (the executable or its install folder) or XILINX_VIVADO / XILINX_HLS / XILINX_VITIS (source the tool's settings64.sh), or put it on PATH.");
    public static readonly DiagnosticDescriptor UnsupportedHlsToolVersion = new("HLS0502", DiagnosticSeverity.Warning,
        "Unsupported HLS tool version", "Use a supported version (Vivado HLS 2018.2-2020.1, Vitis HLS 2020.2-2023.1, vitis-run 2023.2+) or set HlsBackend to match the installed tool; results from other versions are not validated.");
    public static readonly DiagnosticDescriptor HlsToolFailed = new("HLS0503", DiagnosticSeverity.Error,
        "HLS tool failed", "The first ERROR lines of the tool are shown; the whole log is in the output folder (named in the message).");
    public static readonly DiagnosticDescriptor HlsToolOutputMissing = new("HLS0504", DiagnosticSeverity.Error,
        "HLS tool finished without writing its results", "Read the tool log named in the message; check that the part (HlsPart) is installed for this tool.");
    public static readonly DiagnosticDescriptor CoSimNeedsTestData = new("HLS0505", DiagnosticSeverity.Error,
        "Co-simulation needs test data", "Add <HlsTestData Include=\"input.dat\" /> to the project; the testbench feeds it to the RTL.");
    public static readonly DiagnosticDescriptor CoSimMismatch = new("HLS0506", DiagnosticSeverity.Error,
        "RTL co-simulation output differs from C simulation", "Compare the two files named in the message; a difference usually means an interface or pragma problem in the generated design or a tool bug.");
    public static readonly DiagnosticDescriptor CoSimNotCompared = new("HLS0507", DiagnosticSeverity.Warning,
        "RTL co-simulation output not compared", "The testbench must write tb_data/rtl_cosim_results.log when compiled with -DRTL_SIM, and HlsCSimResultsFile must exist (build with HlsTestData first).");
    public static readonly DiagnosticDescriptor CoSimFailed = new("HLS0508", DiagnosticSeverity.Error,
        "RTL co-simulation did not pass", "Open the co-simulation report named in the message and the tool log in the output folder.");
    public static readonly DiagnosticDescriptor HlsReportUnreadable = new("HLS0509", DiagnosticSeverity.Error,
        "HLS report cannot be read", "The report file named in the message has an unexpected layout; please report it with the file attached.");
    public static readonly DiagnosticDescriptor HlsToolCancelled = new("HLS0510", DiagnosticSeverity.Error,
        "HLS tool run cancelled", "Run the target again when you want the results; a cancelled step is never taken as done.");

    // HLS06xx: extensions
    public static readonly DiagnosticDescriptor ExtensionLoadFailed = new("HLS0601", DiagnosticSeverity.Error,
        "Extension cannot be loaded", "Check the HlsExtension path; the assembly must reference Hls4ml.Core and target net10.0.");
    public static readonly DiagnosticDescriptor RegistrationConflict = new("HLS0602", DiagnosticSeverity.Error,
        "Two registrations for the same name", "Rename one, or mark the plugin's registration as an explicit override.");
    public static readonly DiagnosticDescriptor UnknownPassAnchor = new("HLS0603", DiagnosticSeverity.Error,
        "Pass flow or anchor pass does not exist", "Use one of the flows and pass names listed in the message (HlsRegistry.FlowNames, HlsRegistry.Flow(name).Passes).");

    // HLS99xx: internal
    public static readonly DiagnosticDescriptor InternalError = new("HLS9999", DiagnosticSeverity.Error,
        "Internal error", "Please report it with the model and project file that trigger it.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToList();
}
