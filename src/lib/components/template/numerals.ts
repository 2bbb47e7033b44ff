// The plan's numbering is a rule of the model (printed reports use it too); screens import it here.
export { areaNumeral } from '$lib/model/numerals';
