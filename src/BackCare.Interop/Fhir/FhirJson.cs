using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BackCare.Interop.Fhir;

/// <summary>The one place FHIR R4 JSON is written and read (Firely SDK, docs/adr/0014).</summary>
public static class FhirJson
{
    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static string Serialize(Base resource, bool pretty = false) => Encoding.UTF8.GetString(SerializeToUtf8(resource, pretty));

    public static byte[] SerializeToUtf8(Base resource, bool pretty = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = pretty, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Serializer.Serialize(resource, writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a resource strictly; every problem the parser found (unknown elements, wrong types, bad values) is returned, never thrown.</summary>
    public static ParsedResource Parse(string json)
    {
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object ||
                    !document.RootElement.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return new ParsedResource(null, ["not a FHIR resource: expected a JSON object with a resourceType"]);
                }
            }

            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (Strict.TryDeserializeResource(ref reader, out var resource, out var issues) && resource is not null)
            {
                return new ParsedResource(resource, []);
            }

            var messages = issues.Select(i => i.Message).ToList();
            return new ParsedResource(null, messages.Count > 0 ? messages : ["not a FHIR R4 resource"]);
        }
        catch (JsonException ex)
        {
            return new ParsedResource(null, [$"not valid JSON ({ex.Message})"]);
        }
        catch (FhirJsonException ex)
        {
            return new ParsedResource(null, [ex.Message]);
        }
        catch (DeserializationFailedException ex)
        {
            return new ParsedResource(null, [.. ex.Exceptions.Select(e => e.Message)]);
        }
    }
}

/// <summary>A parsed resource, or the reasons it could not be read.</summary>
public sealed record ParsedResource(Resource? Resource, IReadOnlyList<string> Problems);
