using Microsoft.Extensions.Options;

namespace Harness.Simulators.Csi;

/// <summary>
/// <see cref="CsiDriverSimulatorOptions"/>' validation attributes checked by code generated at build time, which a
/// Native AOT driver can run (<c>Validator.ValidateObject</c> finds the attributes by reflection).
/// </summary>
[OptionsValidator]
internal sealed partial class CsiDriverSimulatorOptionsValidator : IValidateOptions<CsiDriverSimulatorOptions>;
