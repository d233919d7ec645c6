using System.Text.Json.Nodes;
using BackCare.Interop.Fhir;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Tests;

/// <summary>Looks at what goes on the wire: a resource serialised by <see cref="FhirJson"/>, read back as plain JSON.</summary>
public static class FhirTestJson
{
    public const string Base = "https://backcare.example/fhir";

    public static JsonNode Node(Base resource) => JsonNode.Parse(FhirJson.Serialize(resource))!;
}
