import { ConflictError, DomainError, InvalidInputError, NotFoundError } from './errors';

describe('domain errors', () => {
  it('carry a stable code, a kind and their class name', () => {
    const error = new NotFoundError('POSITION.NOT_FOUND', 'no position p-1');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('POSITION.NOT_FOUND');
    expect(error.kind).toBe('not_found');
    expect(error.name).toBe('NotFoundError');
  });

  it('name the field for invalid input', () => {
    const error = new InvalidInputError('PAIR.UNKNOWN', 'unknown pair XYZ', 'asset_pair');
    expect(error.field).toBe('asset_pair');
    expect(error.kind).toBe('invalid');
  });

  it('distinguish conflicts', () => {
    expect(new ConflictError('BOT.EMERGENCY_STOPPED', 'latched').kind).toBe('conflict');
  });
});
