import { z } from 'zod';

/** Asked and not answered, kept apart from "not asked" (a missing field) so reports can tell the two apart. */
export const PREFIERE_NO_DECIR = 'prefiere_no_decir';

/**
 * The categories Colombian entities report with: disability as in Ley 1618 de 2013 and Resolución 113 de 2020,
 * ethnic self-recognition as in the DANE census (CNPV 2018), victims as in Ley 1448 de 2011, age by course of life
 * (curso de vida: NNA, juventud as in Ley 1622 de 2013, adultez, persona mayor), sex and gender identity as the DANE
 * differential-approach guide words them. Every list carries `prefiere_no_decir`.
 */
export const populationFields = {
  disability: {
    label: 'Discapacidad',
    values: {
      ninguna: 'Ninguna',
      fisica: 'Física',
      auditiva: 'Auditiva',
      visual: 'Visual',
      sordoceguera: 'Sordoceguera',
      intelectual: 'Intelectual',
      psicosocial: 'Psicosocial (mental)',
      multiple: 'Múltiple',
      [PREFIERE_NO_DECIR]: 'Prefiere no decir',
    },
  },
  ethnicGroup: {
    label: 'Grupo étnico',
    values: {
      indigena: 'Indígena',
      negro_afrocolombiano: 'Negro(a), afrocolombiano(a) o afrodescendiente',
      raizal: 'Raizal del Archipiélago de San Andrés, Providencia y Santa Catalina',
      palenquero: 'Palenquero(a) de San Basilio',
      rrom: 'Rrom (gitano)',
      ninguno: 'Ninguno',
      [PREFIERE_NO_DECIR]: 'Prefiere no decir',
    },
  },
  armedConflictVictim: {
    label: 'Víctima del conflicto armado',
    values: { si: 'Sí', no: 'No', [PREFIERE_NO_DECIR]: 'Prefiere no decir' },
  },
  ageGroup: {
    label: 'Grupo de edad',
    values: {
      menor_de_18: 'Menor de 18 años',
      '18_a_28': '18 a 28 años',
      '29_a_59': '29 a 59 años',
      '60_o_mas': '60 años o más',
      [PREFIERE_NO_DECIR]: 'Prefiere no decir',
    },
  },
  sex: {
    label: 'Sexo',
    values: { mujer: 'Mujer', hombre: 'Hombre', intersexual: 'Intersexual', [PREFIERE_NO_DECIR]: 'Prefiere no decir' },
  },
  genderIdentity: {
    label: 'Identidad de género',
    values: {
      mujer: 'Mujer',
      hombre: 'Hombre',
      mujer_trans: 'Mujer trans',
      hombre_trans: 'Hombre trans',
      no_binaria: 'Persona no binaria',
      otra: 'Otra',
      [PREFIERE_NO_DECIR]: 'Prefiere no decir',
    },
  },
} as const;

export type PopulationField = keyof typeof populationFields;
export const populationFieldNames = Object.keys(populationFields) as PopulationField[];

function valuesOf<F extends PopulationField>(field: F) {
  return Object.keys(populationFields[field].values) as [string, ...string[]];
}

/**
 * What a citizen chose to state. Every field is optional: a missing field was not asked (or skipped), never "no".
 * Strict, so a misspelt field is an error instead of silently dropped sensitive data.
 */
export const PopulationProfile = z.strictObject({
  disability: z.enum(valuesOf('disability')).optional(),
  ethnicGroup: z.enum(valuesOf('ethnicGroup')).optional(),
  armedConflictVictim: z.enum(valuesOf('armedConflictVictim')).optional(),
  ageGroup: z.enum(valuesOf('ageGroup')).optional(),
  sex: z.enum(valuesOf('sex')).optional(),
  genderIdentity: z.enum(valuesOf('genderIdentity')).optional(),
});
export type PopulationProfile = z.infer<typeof PopulationProfile>;

export function isEmptyProfile(profile: PopulationProfile): boolean {
  return populationFieldNames.every((f) => profile[f] === undefined);
}

/** The profile from a database row (nulls are "not asked"); unknown stored values are dropped rather than shown. */
export function profileFromRow(
  row: Partial<Record<PopulationField, string | null>> | null | undefined,
): PopulationProfile {
  const profile: Record<string, string> = {};
  for (const field of populationFieldNames) {
    const value = row?.[field];
    if (value != null && Object.hasOwn(populationFields[field].values, value)) profile[field] = value;
  }
  return profile as PopulationProfile;
}

/** The Spanish label of a stored value, for officials' views and reports. */
export function populationValueLabel(field: PopulationField, value: string): string {
  const values = populationFields[field].values as Record<string, string>;
  return values[value] ?? value;
}

/** The stated fields in Spanish, in the questions' order, for the official's case view. */
export function populationLabels(profile: PopulationProfile): { field: string; value: string }[] {
  return populationFieldNames.flatMap((f) => {
    const value = profile[f];
    return value === undefined ? [] : [{ field: populationFields[f].label, value: populationValueLabel(f, value) }];
  });
}
