using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BackCare.Cli;

/// <summary>
/// One JSON document on stdout, camelCase, enums as snake_case strings, nulls written, indented.
/// Command outputs are plain objects (anonymous types, records, lists, dictionaries); <see cref="Write{T}"/> walks them
/// itself with a <see cref="Utf8JsonWriter"/> instead of System.Text.Json's reflection serializer, whose start-up
/// (building a converter per type, most of them generic over value types that the JIT must compile on every run)
/// cost more than the command itself (ADR 0010, "CLI cold start" in docs/benchmarks.md). The output is the same
/// document the serializer wrote with <see cref="Options"/>; tests compare the two.
/// </summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(Serialize(value));

    /// <summary>The document <see cref="Write{T}"/> prints.</summary>
    public static string Serialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteValue(writer, value, depth: 0);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 64) throw new JsonException("CLI output nested more than 64 levels");
        switch (value)
        {
            case null: writer.WriteNullValue(); return;
            case string s: writer.WriteStringValue(s); return;
            case bool b: writer.WriteBooleanValue(b); return;
            case int i: writer.WriteNumberValue(i); return;
            case long l: writer.WriteNumberValue(l); return;
            case double d: writer.WriteNumberValue(d); return;
            case float f: writer.WriteNumberValue(f); return;
            case decimal m: writer.WriteNumberValue(m); return;
            case char c: writer.WriteStringValue(c.ToString()); return;
            case Enum e: writer.WriteStringValue(JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString())); return;
            case DateTime t: writer.WriteStringValue(t); return;
            case DateTimeOffset o: writer.WriteStringValue(o); return;
            case DateOnly day: writer.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); return;
            case Guid g: writer.WriteStringValue(g); return;
            case JsonNode node: node.WriteTo(writer); return;
            case JsonElement element: element.WriteTo(writer); return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item, depth + 1);
                writer.WriteEndArray();
                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || (type.IsValueType && !IsPlainStruct(type))) throw new NotSupportedException($"CLI JSON output has no rule for {type}");
        writer.WriteStartObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            WriteValue(writer, property.GetValue(value), depth + 1);
        }

        writer.WriteEndObject();
    }

    /// <summary>A struct of our own (a record struct or tuple-like view) written by its properties.</summary>
    private static bool IsPlainStruct(Type type) => type.Namespace?.StartsWith("BackCare", StringComparison.Ordinal) == true;
}
