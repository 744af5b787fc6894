namespace RetinaNet.Edge.Inference;

/// <summary>The model file is missing, corrupt or not a RetinaNet the agent can decode; the message names the file.</summary>
internal sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
