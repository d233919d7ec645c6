using System.CommandLine;
using System.Runtime.CompilerServices;
using BackCare.Clinical.Common;
using BackCare.App;
using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare account reset-token --email X</c>: a one-time password-reset code for self-hosted installs;
/// <c>backcare account create --role clinician|admin --email X [--name N]</c>: a staff account and its one-time set-up code.
/// </summary>
public static class AccountCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new JitOnlyCommand("account", "Operator tasks on accounts in the BackCare database");
        var json = CommonOptions.Json();
        var email = new Option<string?>("--email") { Description = "The account's email address" };
        var dataDir = new Option<string?>("--data-dir") { Description = "SQLite data folder (default: as the web host, BackCare:Storage settings)" };
        var reset = new Command("reset-token", "Create a one-time password-reset code (valid for one hour) to give to the person") { email, dataDir, json };
        reset.SetAction(async (parse, ct) =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
            var address = parse.GetValue(email);
            if (string.IsNullOrWhiteSpace(address)) return Usage.Fail(console, ValidationError.Required("--email", "is required: the account's email address"));
            var minutes = (int)AccountService.ResetTokenLifetime.TotalMinutes; // before the first await (JitOnlyCommand.NotInNativeProcess)
            await using var services = OperatorServices.Build(parse.GetValue(dataDir));
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateResetTokenAsync(address, ct);
            if (!result.Succeeded) return Usage.Fail(console, ValidationError.Invalid("--email", result.Problems[0].Message));
            if (parse.GetValue(json)) CliJson.Write(console.Out, new { email = address, token = result.Value, expiresInMinutes = minutes });
            else console.Out.WriteLine($"Reset code for {address}: {result.Value} (valid for one hour, once). The person enters it at /Account/ResetPassword.");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(reset);
        command.Subcommands.Add(Create(console, email, dataDir, json));
        return command;
    }

    private static Command Create(CliConsole console, Option<string?> email, Option<string?> dataDir, Option<bool> json)
    {
        var role = new Option<string?>("--role") { Description = "clinician or admin" };
        var name = new Option<string?>("--name") { Description = "The name shown to patients and colleagues (default: the part of the email before @)" };
        var create = new Command("create", "Create a clinician or admin account; prints a one-time set-up code its owner uses to choose a password") { role, email, name, dataDir, json };
        create.SetAction(async (parse, ct) =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
            var roleValue = parse.GetValue(role);
            if (roleValue is not (Roles.Clinician or Roles.Admin)) return Usage.Fail(console, ValidationError.Invalid("--role", $"is '{roleValue}'; allowed: clinician, admin"));
            var address = parse.GetValue(email);
            if (string.IsNullOrWhiteSpace(address)) return Usage.Fail(console, ValidationError.Required("--email", "is required: the staff member's email address"));
            await using var services = OperatorServices.Build(parse.GetValue(dataDir));
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(address, parse.GetValue(name), roleValue, "operator", ct);
            if (!result.Succeeded) return Usage.Fail(console, ValidationError.Invalid("--" + result.Problems[0].Field, result.Problems[0].Message));
            var staff = result.Value!;
            var minutes = (int)staff.ValidFor.TotalMinutes;
            if (parse.GetValue(json)) CliJson.Write(console.Out, new { email = staff.User.Email, role = staff.User.Role, name = staff.User.DisplayName, setupCode = staff.SetupCode, expiresInMinutes = minutes });
            else console.Out.WriteLine($"Created {roleValue} {staff.User.Email}. Set-up code: {staff.SetupCode} (valid for {minutes} minutes, once). The owner chooses a password at /Account/ResetPassword, then sets up two-step sign-in.");
            return ExitCodes.Success;
        });
        return create;
    }
}
