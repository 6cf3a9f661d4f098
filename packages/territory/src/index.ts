// @spie/territory: communes, postal codes, départements, EPCI, centre points, zones, distances.
// The table (data/reference/communes.json, ~3 MB) is a static JSON import so that Vite/Astro bundle
// it; its indexes are built once, on first use.
import tableData from '../../../data/reference/communes.json' with { type: 'json' };
import type { LatLon } from './geo.ts';
import { parseTable, type SerializedTable } from './table.ts';
import {
  type Arrondissement,
  type Commune,
  type Departement,
  type Epci,
  type Region,
  Territory,
} from './territory.ts';

export {
  applyOfficialCentres,
  CentreFileError,
  type CentresImportReport,
  type OfficialCentre,
  parseCentreFile,
} from './centres-import.ts';
export { type BoundingBox, boundingBox, distanceKm, type LatLon, surelyWithinKm } from './geo.ts';
export { normalizeName } from './normalize.ts';
export type { CommuneResolution } from './resolve.ts';

import {
  type CommuneResolution,
  communeChoiceLabel as choiceLabelIn,
  communeProblem as problemIn,
  resolveCommune as resolveIn,
} from './resolve.ts';

export type { CentreOrigin, CentreSource, CommuneRow, ReferenceTable, SerializedTable } from './table.ts';
export { centreOrigin, parseTable, serializeTable } from './table.ts';
export type { Arrondissement, Commune, Departement, Epci, Region } from './territory.ts';
export { Territory, ZONE_FRANCE, ZONE_FRANCE_COG } from './territory.ts';

let instance: Territory | undefined;

/** The territory built from the committed reference table (built on first call). */
export function territory(): Territory {
  instance ??= new Territory(parseTable(tableData as SerializedTable));
  return instance;
}

export const listCommunes = (): readonly Commune[] => territory().communes;
export const getCommune = (code: string): Commune | undefined => territory().getCommune(code);
export const getArrondissement = (code: string): Arrondissement | undefined =>
  territory().getArrondissement(code);
export const communesByPostalCode = (codePostal: string): Commune[] =>
  territory().communesByPostalCode(codePostal);
/** A typed commune (code, postal code, name): found, ambiguous (choose), or unknown (proposals). */
export const resolveCommune = (input: string): CommuneResolution => resolveIn(territory(), input);
/** « Saint-Martin (65392, Hautes-Pyrénées) » */
export const communeChoiceLabel = (c: Commune): string => choiceLabelIn(territory(), c);
/** French message for an ambiguous or unknown commune input (undefined when found). */
export const communeProblem = (field: string, input: string, r: CommuneResolution): string | undefined =>
  problemIn(territory(), field, input, r);
export const searchCommunes = (text: string, limit = 10): Commune[] =>
  territory().searchCommunes(text, limit);
export const getDepartement = (code: string): Departement | undefined => territory().getDepartement(code);
export const listDepartements = (): Departement[] => territory().listDepartements();
export const getRegion = (code: string): Region | undefined => territory().getRegion(code);
export const listRegions = (): Region[] => territory().listRegions();
export const getEpci = (siren: string): Epci | undefined => territory().getEpci(siren);
export const zoneCodesOf = (communeCode: string): string[] => territory().zoneCodesOf(communeCode);
export const zoneCovers = (
  zoneEligibilite: readonly string[] | null | undefined,
  communeCode: string,
): boolean => territory().zoneCovers(zoneEligibilite, communeCode);
export const isKnownZoneCode = (code: string): boolean => territory().isKnownZoneCode(code);
export const isKnownPostalCode = (codePostal: string): boolean => territory().isKnownPostalCode(codePostal);
export const postalCodeMatchesCommune = (codePostal: string, codeInsee: string): boolean =>
  territory().postalCodeMatchesCommune(codePostal, codeInsee);
export const communesNear = (center: LatLon, radiusKm: number): { commune: Commune; distanceKm: number }[] =>
  territory().communesNear(center, radiusKm);
