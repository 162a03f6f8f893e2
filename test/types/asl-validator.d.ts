declare module "asl-validator" {
  const aslValidator: (
    definition: unknown,
    options?: Record<string, unknown>,
  ) => { isValid: boolean; errors: { message?: string; [k: string]: unknown }[] };
  export default aslValidator;
}
