namespace BackCare.App;

/// <summary>An expected failure: which field, what is wrong or allowed (mapped to a form error or ProblemDetails).</summary>
public sealed record Problem(string Field, string Message);

/// <summary>A value or the problems that prevented it.</summary>
public sealed record Result<T>(T? Value, IReadOnlyList<Problem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static Result<T> Ok(T value) => new(value, []);

    public static Result<T> Fail(string field, string message) => new(default, [new Problem(field, message)]);
}
