using System.CommandLine;
using System.Runtime.CompilerServices;
using BackCare.Clinical.Common;
using BackCare.Interop.Fhir;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare fhir validate FILE</c>: checks a FHIR R4 JSON resource with the Firely validator against the base R4
/// specification and BackCare's codings (docs/adr/0014). Exit 0 when it has no errors (warnings are listed), 2 when
/// the file cannot be read or the resource has errors, 1 on an internal error.
/// </summary>
public static class FhirCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new JitOnlyCommand("fhir", "FHIR R4 tools");
        var file = new Argument<string>("file") { Description = "A FHIR R4 resource in JSON (a Bundle is validated with its entries); - for stdin" };
        var json = CommonOptions.Json();
        var validate = new Command("validate", "Validate a FHIR R4 JSON resource against the base specification and BackCare's codings") { file, json };
        validate.SetAction(parse =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
            var text = InputReader.Read(parse.GetValue(file), console, "file");
            if (text.Error is { } unreadable) return Usage.Fail(console, unreadable);
            var parsed = FhirJson.Parse(text.Value!);
            var issues = parsed.Resource is null
                ? [.. parsed.Problems.Select(p => new FhirIssue(FhirIssueSeverity.Error, "", p))]
                : FhirValidator.Default.Validate(parsed.Resource).Issues;
            var valid = issues.All(i => i.Severity != FhirIssueSeverity.Error);
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new
                {
                    valid,
                    resource_type = parsed.Resource?.TypeName,
                    errors = issues.Count(i => i.Severity == FhirIssueSeverity.Error),
                    warnings = issues.Count(i => i.Severity == FhirIssueSeverity.Warning),
                    issues = issues.Select(i => new { severity = i.Severity, location = i.Location, message = i.Message }),
                });
            }
            else
            {
                foreach (var issue in issues.Where(i => i.Severity != FhirIssueSeverity.Information))
                {
                    console.Out.WriteLine($"{issue.Severity.ToString().ToLowerInvariant()}: {(issue.Location.Length > 0 ? issue.Location + ": " : "")}{issue.Message}");
                }

                console.Out.WriteLine(valid
                    ? $"valid: {parsed.Resource!.TypeName} has no errors ({issues.Count(i => i.Severity == FhirIssueSeverity.Warning)} warnings)"
                    : $"not valid: {issues.Count(i => i.Severity == FhirIssueSeverity.Error)} errors");
            }

            return valid ? ExitCodes.Success : ExitCodes.BadInput;
        });
        command.Subcommands.Add(validate);
        return command;
    }
}
