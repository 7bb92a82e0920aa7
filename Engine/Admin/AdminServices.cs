using ApiStudio.Engine.Scripting;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Engine.Admin;

/// <summary>Registers the admin services the admin processors call.</summary>
public static class AdminServices
{
    /// <summary>
    /// Adds the input validators, the access rules and one service per kind of object (accounts, applications, users,
    /// roles, grants, resources, var store variables, API keys, OpenAPI documents, event scripts and their files, jobs).
    /// </summary>
    public static IServiceCollection AddApiStudioAdmin(this IServiceCollection services)
    {
        // Validators hold no state: one instance of each serves every request.
        services.AddValidatorsFromAssemblyContaining<AccountValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<AccountAdmin>();
        services.AddSingleton<ApplicationAdmin>();
        services.AddSingleton<UserAdmin>();
        services.AddSingleton<RoleAdmin>();
        services.AddSingleton<UserRoleAdmin>();
        services.AddSingleton<ResourceAdmin>();
        services.AddSingleton<VarStoreAdmin>();
        services.AddSingleton<ApiKeyAdmin>();
        services.AddSingleton<OpenApiAdmin>();
        services.AddApiStudioScripting();
        services.AddSingleton<ScriptAdmin>();
        services.AddSingleton<ScriptFiles>();
        services.AddSingleton<JobAdmin>();
        return services;
    }
}
