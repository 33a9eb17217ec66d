import { z } from 'zod';

/** The bot's own tunables (conversation behaviour, not policy), with their defaults. */
export const botSettingsSchema = z.object({
  /**
   * A numbered list of candidates ("请选择项目") can be answered with its number ("1") for this
   * many minutes, and only until the next question that is not the choice.
   */
  choiceTtlMinutes: z
    .number('choiceTtlMinutes 须为数字')
    .positive('choiceTtlMinutes 须大于0')
    .max(24 * 60, 'choiceTtlMinutes 不能超过1440分钟')
    .default(10),
});

export type BotSettings = z.infer<typeof botSettingsSchema>;
export type BotSettingsInput = z.input<typeof botSettingsSchema>;

/** Merges overrides into the defaults; throws a ZodError naming the field when one is invalid. */
export function resolveBotSettings(input: BotSettingsInput = {}): BotSettings {
  return botSettingsSchema.parse(input);
}
