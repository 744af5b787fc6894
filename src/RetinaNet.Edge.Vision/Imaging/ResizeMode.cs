namespace RetinaNet.Edge.Vision.Imaging;

public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, pad the rest (centred) with the mean colour.</summary>
    Letterbox,
    /// <summary>Scale each axis independently to fill the input.</summary>
    Stretch,
}
