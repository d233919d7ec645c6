namespace BackCare.Web;

/// <summary>Marker for the shared UI text in Resources/SharedResource.resx (English now, other languages later).</summary>
public sealed class SharedResource;
