using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackCare.Clinical.Evidence.Compiled;

/// <summary>A record's codec: one function that writes the record it is given, or reads one when reading.</summary>
internal delegate T Codec<T>(EvidenceCodec codec, T? value)
    where T : class;

/// <summary>
/// Reads or writes the compiled evidence form, one value at a time. Each record has a single codec function
/// (<see cref="RecordCodecs"/>) used both ways: when writing it is handed the record and writes its fields in
/// constructor order; when reading it is handed null and builds the record from what it reads in the same order.
/// One function for both directions means the two cannot drift apart.
/// </summary>
internal sealed class EvidenceCodec
{
    private readonly BinaryReader? _reader;
    private readonly BinaryWriter? _writer;

    private EvidenceCodec(BinaryReader? reader, BinaryWriter? writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public static EvidenceCodec Reading(Stream stream) => new(new BinaryReader(stream, Encoding.UTF8, leaveOpen: true), null);

    public static EvidenceCodec Writing(Stream stream) => new(null, new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true));

    public void Flush() => _writer?.Flush();

    public string String(string? value)
    {
        if (_reader is not null) return _reader.ReadString();
        _writer!.Write(value ?? throw new InvalidOperationException("a required text is missing"));
        return value;
    }

    public string? OptionalString(string? value) => Present(value is not null) ? String(value) : null;

    public int Int(int? value)
    {
        if (_reader is not null) return _reader.ReadInt32();
        _writer!.Write(value ?? throw new InvalidOperationException("a required number is missing"));
        return value.Value;
    }

    public int? OptionalInt(int? value) => Present(value is not null) ? Int(value) : null;

    public double Double(double? value)
    {
        if (_reader is not null) return _reader.ReadDouble();
        _writer!.Write(value ?? throw new InvalidOperationException("a required number is missing"));
        return value.Value;
    }

    public bool Bool(bool? value)
    {
        if (_reader is not null) return _reader.ReadBoolean();
        _writer!.Write(value ?? throw new InvalidOperationException("a required yes/no is missing"));
        return value.Value;
    }

    public bool? OptionalBool(bool? value) => Present(value is not null) ? Bool(value) : null;

    /// <summary>An enumeration value as its underlying number (every enumeration in the base is int-backed).</summary>
    public TEnum Enum<TEnum>(TEnum? value)
        where TEnum : struct, Enum
    {
        if (_reader is not null)
        {
            var number = _reader.ReadInt32();
            return Unsafe.As<int, TEnum>(ref number);
        }

        var known = value ?? throw new InvalidOperationException($"a required {typeof(TEnum).Name} is missing");
        if (Unsafe.SizeOf<TEnum>() != sizeof(int)) throw new InvalidOperationException($"{typeof(TEnum).Name} is not int-backed");
        _writer!.Write(Unsafe.As<TEnum, int>(ref known));
        return known;
    }

    public T? Optional<T>(T? value, Codec<T> code)
        where T : class => Present(value is not null) ? code(this, value) : null;

    public ImmutableArray<T> Array<T>(ImmutableArray<T>? values, Codec<T> code)
        where T : class
    {
        var length = Length(values);
        if (length < 0) return default;
        var builder = ImmutableArray.CreateBuilder<T>(length);
        for (var i = 0; i < length; i++) builder.Add(code(this, _reader is null ? values!.Value[i] : null));
        return builder.MoveToImmutable();
    }

    public ImmutableArray<string> Strings(ImmutableArray<string>? values) => Array(values, static (c, s) => c.String(s));

    public ImmutableArray<TEnum> Enums<TEnum>(ImmutableArray<TEnum>? values)
        where TEnum : struct, Enum
    {
        var length = Length(values);
        if (length < 0) return default;
        var builder = ImmutableArray.CreateBuilder<TEnum>(length);
        for (var i = 0; i < length; i++) builder.Add(Enum<TEnum>(_reader is null ? values!.Value[i] : null));
        return builder.MoveToImmutable();
    }

    /// <summary>A text-keyed map; keys compare ordinally, as the loader builds them.</summary>
    public ImmutableDictionary<string, T> Map<T>(ImmutableDictionary<string, T>? values, Codec<T> code)
        where T : class
    {
        var count = Int(values?.Count);
        var builder = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        if (_reader is not null)
        {
            for (var i = 0; i < count; i++) builder.Add(String(null), code(this, null));
        }
        else
        {
            foreach (var (key, value) in values!.OrderBy(p => p.Key, StringComparer.Ordinal)) builder.Add(String(key), code(this, value));
        }

        return builder.ToImmutable();
    }

    public ImmutableDictionary<string, string> StringMap(ImmutableDictionary<string, string>? values) => Map(values, static (c, s) => c.String(s));

    /// <summary>Writes or reads whether an optional value is there.</summary>
    private bool Present(bool present)
    {
        if (_reader is not null) return _reader.ReadBoolean();
        _writer!.Write(present);
        return present;
    }

    /// <summary>An array's length, or -1 for a default (never assigned) array, which stays default.</summary>
    private int Length<T>(ImmutableArray<T>? values) =>
        Int(_reader is not null ? null : values is { IsDefault: false } v ? v.Length : -1);
}
